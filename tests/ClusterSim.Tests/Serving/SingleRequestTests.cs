using ClusterSim.Hardware;
using ClusterSim.Models;
using ClusterSim.Runs;

namespace ClusterSim.Tests.Serving;

public sealed class SingleRequestTests
{
    private const int Input = 1000;
    private const int Output = 6;

    // One H200, Llama-3-70B with FP8 weights (70.6 GB), one request alone: no queueing, no communication.
    private static readonly string Yaml = $"""
        name: single
        seed: 3
        model: {"{"} config: llama-3-70b, precision: {"{"} weights: fp8 {"}"} {"}"}
        hardware: h200
        cluster: {"{"} nodes: 1, accelerators_per_node: 1 {"}"}
        deployment:
          serving: {"{"} accelerators_per_instance: 1, max_batch_tokens: 4096, max_running_requests: 8 {"}"}
        workload:
          arrival: constant
          rate_per_s: 1
          input_tokens: {Input}
          output_tokens: {Output}
          requests: 1
        simulation: {"{"} duration: 60 s {"}"}
        """;

    [Fact]
    public void A_lone_request_takes_one_prefill_step_then_one_decode_step_per_further_token()
    {
        var scenario = TestScenarios.Parse(Yaml);
        var (result, csv) = TestScenarios.RunWithCsv(scenario);
        var row = Assert.Single(ConservationTests.Rows(csv));

        // Price the same steps from the building blocks: every layer's operators (GEMMs on H200's tile model, the rest on
        // the roofline), launch overhead once per step (CUDA graphs), embedding before and LM head after the layers.
        var (model, precision, hardware) = scenario.Plan() is var p ? (p.Model, p.Precision, p.Hardware) : default;
        var costs = new OperatorCostModel(model, new ParallelPlan(), precision);
        var roofline = new RooflineModel(hardware);
        double Step(BatchShape shape)
        {
            var ops = new OperatorCost[OperatorCostModel.MaxOperatorsPerLayer];
            double ns = 0;
            void Add(int n)
            {
                for (var i = 0; i < n; i++)
                {
                    var op = ops[i];
                    if (op.Class == OpClass.Gemm)
                    {
                        // A GEMM of known shape: calls of the tile model's per-call time (waves, output, fixed time).
                        var calls = op.Calls;
                        ns += new GemmTileModel(hardware).Nanoseconds(op.Shape, op.ComputeType, op.BytesRead / calls, op.BytesWritten / calls, calls, out _);
                        continue;
                    }

                    var cls = op.Class switch { OpClass.Attention => OperationClass.Attention, _ => OperationClass.MemoryBound };
                    var priced = roofline.Price(op.Flops, op.Bytes, cls, op.ComputeType);
                    ns += priced.DurationNanoseconds - priced.LaunchNanoseconds;
                }
            }

            Add(costs.WriteLayer(LayerKind.DenseFull, shape, [], ops));
            ns *= model.Layers;
            Add(costs.WriteStepStart(shape, ops));
            Add(costs.WriteStepEnd(shape, ops));
            return ns + hardware.KernelLaunchOverhead.Value.Nanoseconds;
        }

        // Prefill: the whole prompt in one chunk samples the first token.
        var prefillNs = Step(new BatchShape(AttentionWork.PrefillChunk(Input, 0, 0), default, 1));
        // Decode step k (k = 1..Output-1) feeds token k at position Input + k - 1, attending over Input + k keys.
        double decodeNs = 0;
        for (var k = 1; k < Output; k++)
        {
            decodeNs += Step(new BatchShape(default, AttentionWork.Decode(1, Input + k, Input + k), 1));
        }

        var ttftMs = double.Parse(row["ttft_ms"], System.Globalization.CultureInfo.InvariantCulture);
        var e2eMs = double.Parse(row["e2e_ms"], System.Globalization.CultureInfo.InvariantCulture);
        // The simulator rounds each step up to a whole nanosecond; the CSV keeps microseconds.
        Assert.Equal(prefillNs / 1e6, ttftMs, 0.002);
        Assert.Equal((prefillNs + decodeNs) / 1e6, e2eMs, 0.002 * Output);
        Assert.Equal(Output, int.Parse(row["output_tokens"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, result.Metrics.Dropped);
    }
}

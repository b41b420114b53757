using ClusterSim.Engine;
using ClusterSim.Fabric;
using ClusterSim.Models;
using ClusterSim.Scheduling;
using ClusterSim.Serving;

namespace ClusterSim.Runs;

/// <summary>
/// Prices moving a prompt's KV cache from a prefill instance to a decode instance: the bytes of its context over the
/// path between the two instances' first accelerators, alpha-beta (the transfer's own link share; contention with
/// other transfers is not modelled at step fidelity).
/// </summary>
public sealed class FabricKvTransferPricer : IKvTransferPricer
{
    private readonly FabricTopology _topology;
    private readonly ModelMemory _memory;
    private readonly int[] _prefillFirstAccelerator;
    private readonly int[] _decodeFirstAccelerator;
    private readonly Dictionary<(int, int), (double AlphaNs, double NsPerByte)> _lines = [];

    /// <summary>A pricer over the fabric for instances starting at the given accelerators.</summary>
    public FabricKvTransferPricer(FabricTopology topology, ModelMemory memory, int[] prefillFirstAccelerator, int[] decodeFirstAccelerator)
    {
        _topology = topology;
        _memory = memory;
        _prefillFirstAccelerator = prefillFirstAccelerator;
        _decodeFirstAccelerator = decodeFirstAccelerator;
    }

    /// <summary>KV bytes moved so far.</summary>
    public double BytesMoved { get; private set; }

    /// <inheritdoc />
    public SimDuration Price(RequestState request, int prefillInstance, int decodeInstance)
    {
        var bytes = _memory.KvBytesForContext(request.PromptTokens);
        BytesMoved += bytes;
        var key = (_prefillFirstAccelerator[prefillInstance], _decodeFirstAccelerator[decodeInstance]);
        if (!_lines.TryGetValue(key, out var line))
        {
            var pricer = new CollectivePricer(_topology);
            double Time(double b) => pricer.Price(Collectives.PointToPoint(key.Item1, key.Item2, b), LinkModel.AlphaBeta).Duration.Nanoseconds;
            var small = Time(1e6);
            var slope = (Time(65e6) - small) / 64e6;
            line = (Math.Max(0, small - (slope * 1e6)), slope);
            _lines[key] = line;
        }

        return SimDuration.FromNanoseconds((long)Math.Ceiling(line.AlphaNs + (bytes * line.NsPerByte)));
    }
}

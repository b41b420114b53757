using ClusterSim.Engine;
using ClusterSim.Scheduling;
using ClusterSim.Telemetry;

namespace ClusterSim.Tests.Telemetry;

public sealed class RequestsCsvWriterTests
{
    [Fact]
    public void A_row_spells_every_number_as_documented_and_allocates_no_strings_of_its_own()
    {
        using var text = new StringWriter();
        var writer = new RequestsCsvWriter(text);
        var request = Finished(7);

        writer.Write(request);
        writer.Flush();

        // Arrival 1.5 s, admitted at 1.502 s, first token at 1.6 s, 21 tokens, finished at 2.000000001 s:
        // queue 2 ms, TTFT 100 ms, TPOT (2.000000001 - 1.6) s / 20 = 20.00000005 ms -> "20", e2e 500.000001 ms -> "500".
        var row = text.ToString().Split('\n')[1];
        Assert.Equal("7,completed,1.500000000,1.600000000,2.000000001,100,21,0,0,2,3,-1,2,,100,20,500,", row);

        // Once warm, further rows allocate only what the request's own text needs (nothing here): less than one
        // string per field would be (16 numeric fields of 20-40 bytes each).
        // (Measured on a writer that discards its text, so the text's own growing buffer does not count.)
        var requests = Enumerable.Range(9, 100).Select(i => Finished(i)).ToArray();
        var discarding = new RequestsCsvWriter(TextWriter.Null);
        discarding.Write(Finished(8));
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var r in requests)
        {
            discarding.Write(r);
        }

        var perRow = (GC.GetAllocatedBytesForCurrentThread() - before) / 100.0;
        Assert.True(perRow < 64, $"{perRow} bytes per row");
    }

    private static RequestState Finished(long id)
    {
        var request = new RequestState(id, SimTime.FromSeconds(1.5), 100, 21, null);
        request.Route(2, 3);
        var slot = 0;
        request.Admit(slot, 0, false, SimTime.FromSeconds(1.502));
        request.PrefilledTokens = 100;
        request.CompletePrefill();
        request.FirstToken = SimTime.FromSeconds(1.6);
        request.GeneratedTokens = 21;
        request.LastToken = new SimTime(2_000_000_001);
        request.ReleaseSlot();
        request.Finish(new SimTime(2_000_000_001));
        return request;
    }
}

using ClusterSim.Kernels;
using static System.FormattableString;

namespace ClusterSim.Tests.Kernels;

/// <summary>
/// OpenXLA's measured B200 collective rows (all-reduce, all-gather over one 8-GPU group): the transcription, and the
/// NVLink efficiency they imply, which docs/kernels.md quotes against b200.yaml's assumed 83.3 %.
/// </summary>
public sealed class XlaCollectiveTableTests
{
    private static KernelTable Table(KernelClass kernel) =>
        KernelTables.Load(KernelTables.DirectoryOf(TestCatalog.Repository), "b200").For(kernel)!;

    [Theory]
    [InlineData(KernelClass.AllReduce)]
    [InlineData(KernelClass.AllGather)]
    public void Each_table_is_the_whole_size_ladder_and_its_rate_is_bytes_over_whole_nanoseconds(KernelClass kernel)
    {
        // XLA stores floor(bytes x 1e9 / runtime_ns) for F32 buffers of 256 to 2^29 elements (1 KiB to 2 GiB) over 8 ranks.
        var rows = Table(kernel).Rows;
        Assert.Equal(22, rows.Count);
        Assert.Equal(Enumerable.Range(10, 22).Select(p => Math.Pow(2, p)), rows.Select(r => r.Shape[1]).Order());
        foreach (var row in rows)
        {
            Assert.Equal(8, row.Shape[0]);
            var ns = row.TimeUs * 1e3;
            Assert.Equal(Math.Round(ns), ns, 1e-6);
            Assert.Equal(Math.Floor(row.Shape[1] * 1e9 / Math.Round(ns)), row.Gbps * 1e9, 1e-3);
        }
    }

    [Theory]
    [InlineData(KernelClass.AllReduce, 2.0 * 7 / 8, 0.682)]
    [InlineData(KernelClass.AllGather, 7.0 / 8, 0.685)]
    public void At_two_GiB_the_rows_imply_68_percent_of_NVLink5(KernelClass kernel, double busFactor, double expected)
    {
        // Ring bus bandwidth = algorithm bandwidth x 2(n-1)/n (all-reduce) or (n-1)/n (all-gather), n = 8, over 900 GB/s
        // per direction: all-reduce 350.752968723 x 1.75 = 613.8 GB/s, all-gather 704.488436788 x 0.875 = 616.4 GB/s.
        var largest = Table(kernel).Rows.MaxBy(r => r.Shape[1])!;
        Assert.Equal(2147483648.0, largest.Shape[1]);
        var fraction = largest.Gbps * busFactor / 900;
        Assert.True(Math.Abs(fraction - expected) < 0.0005, Invariant($"{kernel}: {fraction:P2}"));
    }
}

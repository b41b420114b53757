using ClusterSim.Hardware;
using ClusterSim.Input;
using ClusterSim.Kernels;
using FsCheck.Xunit;

namespace ClusterSim.Tests.Kernels;

/// <summary>Kernel tables: exact rows, log-log interpolation by hand, no extrapolation, monotone blends, strict files.</summary>
public sealed class KernelTableTests
{
    private static string KernelsDirectory => KernelTables.DirectoryOf(TestCatalog.Repository);

    internal static KernelTable Line(params (double M, double TimeUs)[] points) =>
        new(KernelClass.DenseGemm, points.Select((p, i) => Row(p.M, p.TimeUs, i)).ToArray());

    private static KernelRow Row(double m, double timeUs, int line) =>
        new(KernelClass.DenseGemm, DataType.Fp8, KernelLink.None, [m, 4096, 7168], timeUs, double.NaN, double.NaN, "test", "test", "2025-01", line);

    [Fact]
    public void Every_shipped_row_is_returned_exactly_as_measured()
    {
        var checkedRows = 0;
        foreach (var hardware in KernelTables.Names(KernelsDirectory))
        {
            foreach (var table in KernelTables.Load(KernelsDirectory, hardware).All)
            {
                foreach (var row in table.Rows)
                {
                    var answer = table.Lookup(row.Format, row.Link, row.Shape.ToArray());
                    Assert.Equal(KernelProvenance.Measured, answer.Provenance);
                    Assert.Same(row, answer.Row);
                    Assert.Equal(row.Primary, answer.Primary);
                    checkedRows++;
                }
            }
        }

        Assert.True(checkedRows >= 40, $"only {checkedRows} shipped rows");
    }

    [Fact]
    public void A_published_rate_becomes_the_time_the_benchmark_measured()
    {
        // DeepGEMM, m=64 n=2112 k=7168 at 206 TFLOPS: 2·64·2112·7168 = 1.937768e9 FLOP → 9.4066 µs.
        var dense = KernelTables.Load(KernelsDirectory, "h800").For(KernelClass.DenseGemm)!;
        var answer = dense.Lookup(DataType.Fp8, KernelLink.None, [64, 2112, 7168]);
        Assert.Equal(2.0 * 64 * 2112 * 7168 / 206e12 * 1e6, answer.TimeUs, 9);
        Assert.Equal(9.4066, answer.TimeUs, 3);
    }

    [Fact]
    public void Interpolation_is_linear_in_log_time_against_log_size()
    {
        // m=64 → 10 µs, m=256 → 40 µs; m=128 is halfway in log m, so log t = (log 10 + log 40)/2: t = √400 = 20 µs.
        var answer = Line((64, 10), (256, 40)).Lookup(DataType.Fp8, KernelLink.None, [128, 4096, 7168]);
        Assert.Equal(KernelProvenance.Interpolated, answer.Provenance);
        Assert.Equal(20, answer.TimeUs, 9);
        Assert.Null(answer.Row);
    }

    [Fact]
    public void A_stored_key_whose_rows_cannot_answer_falls_back_to_its_neighbours()
    {
        // m=128 is stored, but only at n=1024; at n=4096 the answer blends m=64 (10 µs) and m=256 (40 µs): 20 µs.
        var rows = new[] { Row(64, 10, 1), Row(256, 40, 2), Row(128, 99, 3) with { Shape = [128, 1024, 7168] } };
        var answer = new KernelTable(KernelClass.DenseGemm, rows).Lookup(DataType.Fp8, KernelLink.None, [128, 4096, 7168]);
        Assert.Equal(KernelProvenance.Interpolated, answer.Provenance);
        Assert.Equal(20, answer.TimeUs, 9);
    }

    [Fact]
    public void Outside_the_measured_range_or_another_format_there_is_no_table_value()
    {
        var table = Line((64, 10), (256, 40));
        Assert.Equal(KernelProvenance.None, table.Lookup(DataType.Fp8, KernelLink.None, [32, 4096, 7168]).Provenance);
        Assert.Equal(KernelProvenance.None, table.Lookup(DataType.Fp8, KernelLink.None, [512, 4096, 7168]).Provenance);
        Assert.Equal(KernelProvenance.None, table.Lookup(DataType.Fp8, KernelLink.None, [128, 4096, 2048]).Provenance);
        Assert.Equal(KernelProvenance.None, table.Lookup(DataType.Bf16, KernelLink.None, [64, 4096, 7168]).Provenance);
        Assert.True(double.IsNaN(KernelEstimate.None.TimeUs));

        // 64 → 1024 is 16× apart, wider than the 8× the table interpolates across.
        Assert.Equal(KernelProvenance.None, Line((64, 10), (1024, 40)).Lookup(DataType.Fp8, KernelLink.None, [128, 4096, 7168]).Provenance);
    }

    [Property(MaxTest = 300)]
    public bool Interpolation_stays_between_its_neighbours_and_is_monotone(ushort a, ushort b, ushort ta, ushort tb, byte f1, byte f2)
    {
        var m0 = 1.0 + Math.Min(a, b);
        var m1 = m0 * (1.0 + (7.0 * Math.Max(a, b) / ushort.MaxValue)) + 1e-9;
        var (t0, t1) = (1.0 + ta, 1.0 + tb);
        var table = Line((m0, t0), (m1, t1));
        var (x, y) = (Math.Min(f1, f2) / 255.0, Math.Max(f1, f2) / 255.0);
        var qx = m0 * Math.Pow(m1 / m0, x);
        var qy = m0 * Math.Pow(m1 / m0, y);
        var vx = table.Lookup(DataType.Fp8, KernelLink.None, [qx, 4096, 7168]).TimeUs;
        var vy = table.Lookup(DataType.Fp8, KernelLink.None, [qy, 4096, 7168]).TimeUs;
        var (lo, hi) = (Math.Min(t0, t1) * (1 - 1e-12), Math.Max(t0, t1) * (1 + 1e-12));
        var between = vx >= lo && vx <= hi && vy >= lo && vy <= hi;
        var monotone = t1 >= t0 ? vy >= vx * (1 - 1e-12) : vy <= vx * (1 + 1e-12);
        return between && monotone;
    }

    [Fact]
    public void The_lookup_allocates_nothing()
    {
        var dense = KernelTables.Load(KernelsDirectory, "h800").For(KernelClass.DenseGemm)!;
        Span<double> shape = [100, 4096, 7168];
        _ = dense.Lookup(DataType.Fp8, KernelLink.None, shape);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0.0;
        for (var i = 0; i < 1000; i++)
        {
            sum += dense.Lookup(DataType.Fp8, KernelLink.None, shape).TimeUs;
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }

    [Theory]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp9,64,1,1,5,,,s,t,d", "row 2, column format: 'fp9' is not a number format; allowed: fp32, bf16, fp16, fp8, fp4")]
    [InlineData("# comment\nclass,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp8,-1,1,1,5,,,s,t,d", "row 3, column m: '-1' is not a positive number")]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp8,64,1,1,,,,s,t,d", "row 2, column time_us: the row has no figure")]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp8,64,1,1,5,,,,t,d", "row 2, column source: is empty")]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\nall-gather,fp8,64,1,1,5,,,s,t,d", "row 2, column class: 'all-gather' does not match the file")]
    [InlineData("class,format,m,n,time_us,tflops,gbps,source,table,date\n", "header: the columns are 'class,format,m,n,time_us,tflops,gbps,source,table,date'; a dense-gemm table has exactly")]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp8,64,1,1,5,,,s,t,d\ndense-gemm,fp8,64,1,1,6,,,s,t,d", "row 3: the shape m=64 n=1 k=1 (fp8) repeats row 2")]
    [InlineData("class,format,m,n,k,time_us,tflops,gbps,source,table,date\ndense-gemm,fp8,64,1,1,5,,,\"s\"x,t,d", "row 2: not readable as CSV (malformed quoting)")]
    public void A_malformed_file_is_one_line_naming_file_row_and_column(string content, string expected)
    {
        var dir = Directory.CreateTempSubdirectory("kernels");
        var path = Path.Combine(dir.FullName, "dense-gemm.csv");
        File.WriteAllText(path, content);
        var e = Assert.Throws<InputException>(() => KernelTableReader.Read(path));
        Assert.StartsWith($"{path}: {expected}", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        dir.Delete(true);
    }

    [Fact]
    public void A_file_named_for_no_class_is_refused_with_the_list()
    {
        var dir = Directory.CreateTempSubdirectory("kernels");
        var path = Path.Combine(dir.FullName, "gemm.csv");
        File.WriteAllText(path, "x\n");
        var e = Assert.Throws<InputException>(() => KernelTableReader.Read(path));
        Assert.Contains("'gemm' is not a kernel class; the file name must be one of dense-gemm, grouped-gemm-contiguous", e.Message, StringComparison.Ordinal);
        dir.Delete(true);
    }
}

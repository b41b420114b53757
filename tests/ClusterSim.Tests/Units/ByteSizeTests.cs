using ClusterSim.Units;

namespace ClusterSim.Tests.Units;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("141 GB", 141e9)]
    [InlineData("512 MB", 512e6)]
    [InlineData("1.5 TB", 1.5e12)]
    [InlineData("4096 B", 4096)]
    [InlineData("2 kB", 2000)]
    [InlineData("80 GiB", 80.0 * 1024 * 1024 * 1024)]
    [InlineData("1 MiB", 1024.0 * 1024)]
    [InlineData("  192GB  ", 192e9)]
    public void Parse_decimal_and_binary_units_gives_bytes(string text, double bytes)
    {
        Assert.Equal(bytes, ByteSize.Parse(text).Bytes);
    }

    [Theory]
    [InlineData("141")]
    [InlineData("GB")]
    [InlineData("141 gb")]
    [InlineData("141 Gb")]
    [InlineData("141 GBs")]
    [InlineData("")]
    [InlineData("1,5 GB")]
    public void Parse_refuses_missing_bit_or_unknown_units_with_the_accepted_forms(string text)
    {
        var error = Assert.Throws<UnitFormatException>(() => ByteSize.Parse(text));
        Assert.StartsWith($"'{text}' is not a byte size; accepted forms: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("\"80 GiB\"", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(141e9, "141 GB")]
    [InlineData(512e6, "512 MB")]
    [InlineData(1.5e12, "1.5 TB")]
    [InlineData(100, "100 B")]
    public void ToString_uses_the_largest_decimal_unit(double bytes, string expected)
    {
        Assert.Equal(expected, new ByteSize(bytes).ToString());
    }

    [Fact]
    public void Sizes_compare_and_add_by_bytes()
    {
        var hbm = ByteSize.Parse("80 GB");
        var used = ByteSize.Parse("60 GB") + ByteSize.Parse("15 GB");
        Assert.True(used < hbm);
        Assert.Equal(ByteSize.FromGigabytes(75), used);
        Assert.Equal(-1, used.CompareTo(hbm));
        Assert.Equal(80.0 * 1024 * 1024 * 1024 / 1e9, ByteSize.FromGibibytes(80).Gigabytes, 12);
    }
}

using ClusterSim.Sweeps;

namespace ClusterSim.Tests.Sweeps;

public sealed class SweepPlanTests
{
    [Fact]
    public void Create_enumerates_the_cross_product_with_the_first_key_slowest()
    {
        var plan = SweepPlan.Create([new("a", ["1", "2"]), new("b", ["x", "y", "z"])]);

        Assert.Equal(6, plan.Points.Count);
        var pairs = plan.Points.Select(p => p.ValueOf("a") + p.ValueOf("b")).ToArray();
        Assert.Equal(["1x", "1y", "1z", "2x", "2y", "2z"], pairs);
        Assert.Equal([0, 1, 2, 3, 4, 5], plan.Points.Select(p => p.Index));
    }

    [Fact]
    public void Create_rejects_a_key_swept_twice_even_inside_a_linked_axis()
    {
        var e = Assert.Throws<SweepException>(() => SweepPlan.Create([new("a+b", ["1"]), new("b", ["2"])]));

        Assert.Contains("--set b is swept twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_a_repeated_value()
    {
        var e = Assert.Throws<SweepException>(() => SweepPlan.Create([new("a", ["1", "1"])]));

        Assert.Contains("'1' appears twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_rejects_a_linked_value_whose_parts_do_not_match_the_keys()
    {
        var e = Assert.Throws<SweepException>(() => SweepPlan.Create([new("a+b+c", ["1+2"])]));

        Assert.Contains("2 '+'-joined parts for 3 keys", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_expand_a_linked_axis_to_every_key_with_one_or_per_key_values()
    {
        var plan = SweepPlan.Create([new("a+b", ["8", "16+32"])]);

        Assert.Equal([("a", "8"), ("b", "8")], plan.Points[0].Overrides.Select(o => (o.KeyPath, o.Value)));
        Assert.Equal([("a", "16"), ("b", "32")], plan.Points[1].Overrides.Select(o => (o.KeyPath, o.Value)));
    }

    [Fact]
    public void Id_depends_only_on_the_settings()
    {
        var first = new SweepPoint(3, [new SweepSetting("ep", "8"), new SweepSetting("rate", "2")]);
        var same = new SweepPoint(3, [new SweepSetting("ep", "8"), new SweepSetting("rate", "2")]);
        var other = new SweepPoint(3, [new SweepSetting("ep", "16"), new SweepSetting("rate", "2")]);

        Assert.Equal(first.Id, same.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Matches("^[0-9a-f]{8}$", first.Id);
        Assert.Equal("point-0003-" + first.Id, first.FolderName);
    }
}

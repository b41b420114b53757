using ClusterSim.Cli.Trace;

namespace ClusterSim.Cli.Tests.Trace;

public sealed class ClefEventTests
{
    [Fact]
    public void Parse_renders_the_template_with_properties_and_renderings()
    {
        const string line = """{"@t":"2026-11-29T04:13:38.2006828Z","@mt":"Dropped {RequestId} at {SimSeconds:0.###} s: {Reason} {{literal}}","@r":["1.5"],"@l":"Warning","RequestId":7,"SimSeconds":1.5004,"Reason":"too long"}""";

        var e = ClefEvent.Parse(line);

        Assert.Equal("Warning", e.Level);
        Assert.Equal("Dropped 7 at 1.5 s: too long {literal}", e.Message);
        Assert.Equal(1.5004, e.SimSeconds);
        Assert.Equal("sim     1.500400 s  WRN  Dropped 7 at 1.5 s: too long {literal}", TraceLogHandler.Format(e));
    }

    [Fact]
    public void Parse_takes_information_when_the_level_is_absent_and_keeps_unknown_holes()
    {
        var e = ClefEvent.Parse("""{"@t":"2026-11-29T04:13:38Z","@mt":"Hello {Missing} {Name}","Name":"x"}""");

        Assert.Equal("Information", e.Level);
        Assert.Equal("Hello {Missing} x", e.Message);
        Assert.Null(e.SimSeconds);
        Assert.Equal("04:13:38.000" + new string(' ', 8) + "INF  Hello {Missing} x", TraceLogHandler.Format(e));
    }
}

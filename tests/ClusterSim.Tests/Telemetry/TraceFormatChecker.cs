using System.Text.Json;

namespace ClusterSim.Tests.Telemetry;

/// <summary>
/// Checks a Chrome Trace Event document against the format's rules (shared/reference/trace-format.md): required
/// fields per phase, complete slices nesting per thread, counters monotonic in time per track, every async begin ended.
/// Returns the problems found (empty when the document is valid).
/// </summary>
internal static class TraceFormatChecker
{
    public static List<string> Check(JsonElement root)
    {
        var problems = new List<string>();
        if (!root.TryGetProperty("traceEvents", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return ["no traceEvents array"];
        }

        var slices = new Dictionary<(int, int), List<(double Start, double End)>>();
        var counters = new Dictionary<(int, string), double>();
        var open = new Dictionary<(string, long, int), Stack<string>>();
        var named = new HashSet<int>();
        var used = new HashSet<int>();
        var index = 0;
        foreach (var e in events.EnumerateArray())
        {
            index++;
            string Where() => $"event {index}";
            if (!e.TryGetProperty("ph", out var phElement) || phElement.GetString() is not { } ph)
            {
                problems.Add($"{Where()}: no ph");
                continue;
            }

            string[] required = ph switch
            {
                "X" => ["name", "cat", "ts", "dur", "pid", "tid"],
                "C" => ["name", "ts", "pid", "args"],
                "b" or "e" or "n" => ["cat", "id", "name", "ts", "pid"],
                "M" => ["name", "pid", "args"],
                "i" => ["name", "ts", "pid", "s"],
                _ => [],
            };
            if (required.Length == 0)
            {
                problems.Add($"{Where()}: unexpected ph '{ph}'");
                continue;
            }

            var missing = required.Where(f => !e.TryGetProperty(f, out _)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{Where()} ({ph}): missing {string.Join(", ", missing)}");
                continue;
            }

            var pid = e.GetProperty("pid").GetInt32();
            if (ph == "M")
            {
                if (e.GetProperty("name").GetString() == "process_name")
                {
                    named.Add(pid);
                }

                continue;
            }

            used.Add(pid);
            var ts = e.GetProperty("ts").GetDouble();
            if (ts < 0)
            {
                problems.Add($"{Where()}: negative ts");
            }

            switch (ph)
            {
                case "X":
                    var dur = e.GetProperty("dur").GetDouble();
                    if (dur < 0)
                    {
                        problems.Add($"{Where()}: negative dur");
                    }

                    var key = (pid, e.GetProperty("tid").GetInt32());
                    if (!slices.TryGetValue(key, out var list))
                    {
                        slices[key] = list = [];
                    }

                    list.Add((ts, ts + dur));
                    break;
                case "C":
                    var track = (pid, e.GetProperty("name").GetString()!);
                    if (counters.TryGetValue(track, out var last) && ts < last)
                    {
                        problems.Add($"{Where()}: counter {track} goes back in time ({ts} < {last})");
                    }

                    counters[track] = ts;
                    foreach (var series in e.GetProperty("args").EnumerateObject())
                    {
                        if (series.Value.ValueKind != JsonValueKind.Number)
                        {
                            problems.Add($"{Where()}: counter series {series.Name} is not a number");
                        }
                    }

                    break;
                case "b":
                case "e":
                    var id = (e.GetProperty("cat").GetString()!, e.GetProperty("id").GetInt64(), pid);
                    var name = e.GetProperty("name").GetString()!;
                    if (!open.TryGetValue(id, out var stack))
                    {
                        open[id] = stack = new Stack<string>();
                    }

                    if (ph == "b")
                    {
                        stack.Push(name);
                    }
                    else if (stack.Count == 0 || stack.Pop() != name)
                    {
                        problems.Add($"{Where()}: 'e' of {name} does not close the innermost open span of {id}");
                    }

                    break;
            }
        }

        foreach (var ((pid, tid), list) in slices)
        {
            // Nesting: sorted by start (longest first on ties), each slice lies inside the enclosing one or after it.
            // Times are whole nanoseconds written as microseconds; half a nanosecond absorbs the binary rounding of ts + dur.
            const double halfNs = 5e-4;
            var stack = new Stack<double>();
            foreach (var (start, end) in list.OrderBy(s => s.Start).ThenByDescending(s => s.End))
            {
                while (stack.Count > 0 && stack.Peek() <= start + halfNs)
                {
                    stack.Pop();
                }

                if (stack.Count > 0 && end > stack.Peek() + halfNs)
                {
                    problems.Add($"pid {pid} tid {tid}: slice [{start}, {end}] overlaps its enclosing slice without nesting");
                }

                stack.Push(end);
            }
        }

        problems.AddRange(open.Where(o => o.Value.Count > 0).Select(o => $"async {o.Key}: {o.Value.Count} span(s) begun and never ended"));
        problems.AddRange(used.Where(p => !named.Contains(p)).Select(p => $"pid {p} has no process_name metadata"));
        return problems;
    }

    /// <summary>
    /// Flow (v2) rules: every bind_id starts with one slice that only flows out, passes through slices that flow in and
    /// out, and ends with one that only flows in, in time order.
    /// </summary>
    public static List<string> CheckFlows(JsonElement root)
    {
        var problems = new List<string>();
        var chains = new Dictionary<long, List<(double Ts, bool In, bool Out)>>();
        foreach (var e in root.GetProperty("traceEvents").EnumerateArray())
        {
            if (!e.TryGetProperty("bind_id", out var bind))
            {
                continue;
            }

            if (e.GetProperty("ph").GetString() != "X")
            {
                problems.Add($"bind_id {bind} on a '{e.GetProperty("ph").GetString()}' event: flows bind to complete slices");
                continue;
            }

            var flowIn = e.TryGetProperty("flow_in", out var i) && i.GetBoolean();
            var flowOut = e.TryGetProperty("flow_out", out var o) && o.GetBoolean();
            if (!chains.TryGetValue(bind.GetInt64(), out var chain))
            {
                chains[bind.GetInt64()] = chain = [];
            }

            chain.Add((e.GetProperty("ts").GetDouble(), flowIn, flowOut));
        }

        foreach (var (id, chain) in chains)
        {
            var ordered = chain.OrderBy(c => c.Ts).ThenBy(c => c.In).ToList();
            var starts = chain.Count(c => c.Out && !c.In);
            var ends = chain.Count(c => c.In && !c.Out);
            if (starts != 1 || ends != 1 || ordered[0].In || ordered[^1].Out || chain.Any(c => !c.In && !c.Out))
            {
                problems.Add($"flow {id}: {starts} start(s), {ends} end(s) over {chain.Count} slices; needs one start first and one end last");
            }
        }

        return problems;
    }
}

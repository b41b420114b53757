using System.Globalization;
using ClusterSim.Hardware;

namespace ClusterSim.Fabric;

/// <summary>Scale-up wiring: switched, full mesh or torus.</summary>
public sealed partial class FabricTopology
{
    private void AddScaleUpLinks(List<LinkSpec> links)
    {
        var up = Spec.ScaleUp;
        switch (up.Kind)
        {
            case ScaleUpKind.Switched:
                // Up links occupy [0, A), down links [A, 2A).
                for (var a = 0; a < AcceleratorCount; a++)
                {
                    links.Add(new LinkSpec(Invariant($"gpu{a}->switch{DomainOf(a)}"), LinkClass.ScaleUp, up.LinkBytesPerSecond, up.LinkLatency));
                }

                for (var a = 0; a < AcceleratorCount; a++)
                {
                    links.Add(new LinkSpec(Invariant($"switch{DomainOf(a)}->gpu{a}"), LinkClass.ScaleUp, up.LinkBytesPerSecond, up.LinkLatency));
                }

                break;
            case ScaleUpKind.FullMesh:
                // Link (i -> j) of a domain sits at domain·D·(D-1) + i·(D-1) + (j < i ? j : j - 1).
                for (var a = 0; a < AcceleratorCount; a++)
                {
                    var domainStart = DomainOf(a) * DomainSize;
                    for (var b = domainStart; b < domainStart + DomainSize; b++)
                    {
                        if (b != a)
                        {
                            links.Add(new LinkSpec(Invariant($"gpu{a}->gpu{b}"), LinkClass.ScaleUp, up.LinkBytesPerSecond, up.LinkLatency));
                        }
                    }
                }

                break;
            case ScaleUpKind.Torus:
                // Per accelerator, per dimension, a + and a - neighbour link: a·2·dims + 2·dim + (minus ? 1 : 0).
                for (var a = 0; a < AcceleratorCount; a++)
                {
                    for (var dim = 0; dim < _torusShape.Length; dim++)
                    {
                        links.Add(new LinkSpec(Invariant($"chip{a}->+d{dim}"), LinkClass.ScaleUp, up.LinkBytesPerSecond, up.LinkLatency));
                        links.Add(new LinkSpec(Invariant($"chip{a}->-d{dim}"), LinkClass.ScaleUp, up.LinkBytesPerSecond, up.LinkLatency));
                    }
                }

                break;
            default:
                throw new InvalidOperationException($"unknown scale-up kind {up.Kind}");
        }
    }

    private int ScaleUpMaxHops() => Spec.ScaleUp.Kind switch
    {
        ScaleUpKind.Switched => 2,
        ScaleUpKind.FullMesh => 1,
        ScaleUpKind.Torus => Math.Max(1, _torusShape.Sum(d => d / 2)),
        _ => throw new InvalidOperationException($"unknown scale-up kind {Spec.ScaleUp.Kind}"),
    };

    private int ScaleUpPath(int source, int destination, Span<int> links)
    {
        switch (Spec.ScaleUp.Kind)
        {
            case ScaleUpKind.Switched:
                links[0] = _scaleUpBase + source;
                links[1] = _scaleUpBase + AcceleratorCount + destination;
                return 2;
            case ScaleUpKind.FullMesh:
                {
                    var domainStart = DomainOf(source) * DomainSize;
                    var i = source - domainStart;
                    var j = destination - domainStart;
                    links[0] = _scaleUpBase + (domainStart * (DomainSize - 1)) + (i * (DomainSize - 1)) + (j < i ? j : j - 1);
                    return 1;
                }

            case ScaleUpKind.Torus:
                return TorusPath(source, destination, links);
            default:
                throw new InvalidOperationException($"unknown scale-up kind {Spec.ScaleUp.Kind}");
        }
    }

    // Dimension-order routing: correct dimension 0 fully, then 1, then 2, each the short way round (ties go +).
    private int TorusPath(int source, int destination, Span<int> links)
    {
        var domainStart = DomainOf(source) * DomainSize;
        var current = source - domainStart;
        var target = destination - domainStart;
        var dims = _torusShape.Length;
        var hops = 0;
        var stride = 1;
        for (var dim = 0; dim < dims; dim++)
        {
            var size = _torusShape[dim];
            var from = current / stride % size;
            var to = target / stride % size;
            var forward = ((to - from) % size + size) % size;
            var backward = size - forward;
            var plus = forward <= backward;
            var steps = plus ? forward : backward;
            for (var s = 0; s < steps; s++)
            {
                var coordinate = current / stride % size;
                links[hops++] = _scaleUpBase + ((domainStart + current) * 2 * dims) + (2 * dim) + (plus ? 0 : 1);
                var next = plus ? (coordinate + 1) % size : (coordinate - 1 + size) % size;
                current += (next - coordinate) * stride;
            }

            stride *= size;
        }

        return hops;
    }
}

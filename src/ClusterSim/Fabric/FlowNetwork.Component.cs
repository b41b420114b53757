namespace ClusterSim.Fabric;

/// <summary>What a solve covers: the lower bound T on the levels a batch of changes can move, and the flows and links it reaches.</summary>
public sealed partial class FlowNetwork
{
    // A lower bound on the level at which a link saturates once a flow has joined it (the flow is already on
    // its list): the x with Σ min(rate, x) over the link's flows = capacity, where a flow whose rate is unknown
    // (new in this batch) or may have moved (at or above T) is counted as taking x. Iterating
    // x ← (capacity − Σ rates below x) / (flows not below x) from capacity / flows rises to that x and every
    // iterate is a lower bound, so it stops early at T (which the result is capped by anyway) or after a few rounds.
    private double JoiningFlowFloor(int link)
    {
        var list = _linkFlows[link];
        var count = _linkCount[link];
        var capacity = _capacity[link];
        var level = capacity / count;
        for (var round = 0; round < 8 && level < _threshold; round++)
        {
            var below = 0.0;
            var belowCount = 0;
            for (var k = 0; k < count; k++)
            {
                var rate = _rate[list[k] >> _strideShift];
                if (rate > 0 && rate < level)
                {
                    below += rate;
                    belowCount++;
                }
            }

            var next = (capacity - below) / (count - belowCount);
            if (!(next > level * (1 + 1e-12)))
            {
                break;
            }

            level = next;
        }

        return level;
    }

    private (int LinkCount, int FlowCount) CollectComponent(int epoch, double fixedBelow)
    {
        var linkCount = 0;
        _passiveCount = 0;
        for (var i = 0; i < _dirtyCount; i++)
        {
            var link = _dirty[i];
            if (_linkMark[link] != epoch)
            {
                _linkMark[link] = epoch;
                _unfrozen[link] = 0;
                _capacityLeft[link] = 0;
                _componentLinks[linkCount++] = link;
            }
        }

        var flowCount = 0;
        for (var q = 0; q < linkCount; q++)
        {
            var link = _componentLinks[q];
            var list = _linkFlows[link];
            for (var k = 0; k < _linkCount[link]; k++)
            {
                var slot = list[k] >> _strideShift;
                if (_flowMark[slot] == epoch)
                {
                    continue;
                }

                // A solved rate below T cannot change; a new flow (rate 0, not yet solved) always joins the refill.
                var rate = _rate[slot];
                if (rate > 0 && rate < fixedBelow)
                {
                    continue;
                }

                _flowMark[slot] = epoch;
                _componentFlows[flowCount++] = slot;
                var baseIndex = slot << _strideShift;
                for (var h = 0; h < _hops[slot]; h++)
                {
                    var other = _path[baseIndex + h];
                    if (_linkMark[other] != epoch && _passiveMark[other] != epoch)
                    {
                        if (PruneBelowChangedRates && !_forcedActive[other] && _linkRate[other] < _capacity[other] * (1 - ThresholdMargin))
                        {
                            _passiveMark[other] = epoch;
                            _passiveDelta[other] = 0;
                            _passiveLinks[_passiveCount++] = other;
                            continue;
                        }

                        _linkMark[other] = epoch;
                        _unfrozen[other] = 0;
                        _capacityLeft[other] = 0;
                        _componentLinks[linkCount++] = other;
                    }
                    else if (_passiveMark[other] == epoch)
                    {
                        continue;
                    }

                    // Until the fill starts, _capacityLeft sums the old rates of the link's refilled flows.
                    _unfrozen[other]++;
                    _capacityLeft[other] += rate;
                }
            }
        }

        return (linkCount, flowCount);
    }

    // True when no passive link is overfilled by the new rates; otherwise marks the overfilled ones active.
    private bool PassiveLinksHold(int flowCount, int epoch)
    {
        if (_passiveCount == 0)
        {
            return true;
        }

        for (var i = 0; i < flowCount; i++)
        {
            var slot = _componentFlows[i];
            var delta = _newRate[slot] - _rate[slot];
            var baseIndex = slot << _strideShift;
            for (var h = 0; h < _hops[slot]; h++)
            {
                var link = _path[baseIndex + h];
                if (_passiveMark[link] == epoch)
                {
                    _passiveDelta[link] += delta;
                }
            }
        }

        var holds = true;
        for (var i = 0; i < _passiveCount; i++)
        {
            var link = _passiveLinks[i];
            if (_linkRate[link] + _passiveDelta[link] > _capacity[link] * (1 + ThresholdMargin))
            {
                _forcedActive[link] = true;
                _forced[_forcedCount++] = link;
                holds = false;
            }
        }

        return holds;
    }
}

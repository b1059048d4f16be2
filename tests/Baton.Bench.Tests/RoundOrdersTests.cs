using Baton.Bench.Measurement;
using Baton.Tests.Infrastructure;

namespace Baton.Bench.Tests;

public sealed class RoundOrdersTests
{
    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Permutations_ThreeContenders_EveryOrderOnceGivenOrderFirst()
    {
        await Task.Yield();

        var orders = RoundOrders.Permutations(["baton", "native", "npm"]);

        Assert.Equal(6, orders.Count);
        Assert.Equal(["baton", "native", "npm"], orders[0]);
        Assert.Equal(6, orders.Select(o => string.Join(' ', o)).Distinct().Count());
        Assert.All(orders, o => Assert.Equal(["baton", "native", "npm"], o.Order()));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Permutations_EachContenderFollowsEachOtherEquallyOften()
    {
        await Task.Yield();

        var follows = RoundOrders.Permutations(["baton", "native", "npm"])
            .SelectMany(o => o.Zip(o.Skip(1), (before, after) => (before, after)))
            .CountBy(pair => pair)
            .ToList();

        Assert.Equal(6, follows.Count);
        Assert.All(follows, f => Assert.Equal(2, f.Value));
    }

    [Fact(Timeout = TestTimeouts.Short)]
    public async Task Permutations_TwoContenders_BothOrders()
    {
        await Task.Yield();

        var orders = RoundOrders.Permutations(["baton", "native"]);

        Assert.Equal(2, orders.Count);
        Assert.Equal(["baton", "native"], orders[0]);
        Assert.Equal(["native", "baton"], orders[1]);
    }
}

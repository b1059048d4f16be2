namespace Baton.Bench.Measurement;

/// <summary>
/// The orders in which a benchmark runs its contenders, one order a round: every permutation in turn, so that each
/// contender runs right after each other one equally often within the rounds. The compare bench used to rotate a
/// fixed order, and baton then followed npm's codex (Node.js: about 100 ms of CPU, and whatever that left in the
/// caches) in two rounds of three.
/// </summary>
public static class RoundOrders
{
    /// <summary>Every order of <paramref name="items"/>: the given order first, then the others by position.</summary>
    public static IReadOnlyList<IReadOnlyList<T>> Permutations<T>(IReadOnlyList<T> items) => [.. Orders([.. items])];

    private static IEnumerable<IReadOnlyList<T>> Orders<T>(List<T> items)
    {
        if (items.Count == 0)
        {
            yield return [];
            yield break;
        }

        for (var i = 0; i < items.Count; i++)
        {
            var first = items[i];
            var rest = items.Where((_, j) => j != i).ToList();
            foreach (var order in Orders(rest))
            {
                yield return [first, .. order];
            }
        }
    }
}

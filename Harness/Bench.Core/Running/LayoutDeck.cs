namespace Bench.Core.Running;

/// <summary>
/// The layout indices a run's launches take, dealt like cards: a shuffled deck of every index of
/// the pool, K distinct ones a launch, and a freshly shuffled deck only when too few are left. So
/// within a run no layout serves a second launch before every layout has served one, and the
/// launches are independent draws of the layout for as long as the pool lasts
/// (<see cref="Statistics.LayoutReuse"/> says how far a run went past that).
/// </summary>
public sealed class LayoutDeck(int size, Random rng)
{
    private readonly Queue<int> _left = new();

    public int Size { get; } = size >= 1 ? size : throw new ArgumentOutOfRangeException(nameof(size), "a deck has at least one layout");

    /// <summary><paramref name="count"/> indices for one launch, distinct while the pool has that many.</summary>
    public int[] Deal(int count)
    {
        var hand = new int[count];
        for (var i = 0; i < count; i++)
        {
            if (_left.Count == 0 || (i == 0 && _left.Count < Math.Min(count, Size)))
                Shuffle();
            hand[i] = _left.Dequeue();
        }
        return hand;
    }

    private void Shuffle()
    {
        _left.Clear();
        var order = Enumerable.Range(0, Size).ToArray();
        rng.Shuffle(order);
        foreach (var i in order)
            _left.Enqueue(i);
    }
}

using Bench.Core.Running;

namespace Bench.Tests.Running;

public class LayoutDeckTests
{
    [Fact]
    public void ThirtyTwoLaunchesOfTwo_FromSixtyFour_DrawEveryLayoutOnce()
    {
        var deck = new LayoutDeck(64, new Random(7));
        var drawn = Enumerable.Range(0, 32).SelectMany(_ => deck.Deal(2)).ToList();
        Assert.Equal(64, drawn.Distinct().Count());
        Assert.All(drawn, i => Assert.InRange(i, 0, 63));
    }

    [Fact]
    public void APoolSmallerThanTheRun_IsDealtAgain_NeverTwiceInOneHand()
    {
        var deck = new LayoutDeck(3, new Random(11));
        for (var launch = 0; launch < 50; launch++)
        {
            var hand = deck.Deal(2);
            Assert.Equal(2, hand.Distinct().Count());
        }
    }

    [Fact]
    public void OneLayout_ServesEveryPlacement() => Assert.Equal([0, 0], new LayoutDeck(1, new Random(1)).Deal(2));

    [Fact]
    public void SameSeed_SameHands() =>
        Assert.Equal(new LayoutDeck(64, new Random(5)).Deal(4), new LayoutDeck(64, new Random(5)).Deal(4));
}

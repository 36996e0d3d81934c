using Gavel.Pricing.Datasets;

namespace Gavel.Pricing.Tests;

public sealed class Fnv1aTests
{
    [Fact]
    public void HashMatchesTheCheckValuesOfTheSharedSplit()
    {
        Assert.Equal(0xe40c292cu, Fnv1a.Hash("a"));
        Assert.Equal(0xbf9cf968u, Fnv1a.Hash("foobar"));
    }

    [Fact]
    public void TheSplitFileAgreesWithTheHashRule()
    {
        var split = EvaluationSplit.Read(SharedData.PathOf("auction_split.csv"));
        var auctions = AuctionCsv.Read(SharedData.PathOf("auction.csv"));

        Assert.All(auctions, a => Assert.Equal(Fnv1a.Fold(a.AuctionId) == 0, split.IsTest(a.AuctionId)));
        Assert.Equal(148, auctions.Count(a => split.IsTest(a.AuctionId)));
    }
}

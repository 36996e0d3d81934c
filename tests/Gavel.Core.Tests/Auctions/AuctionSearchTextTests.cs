using Gavel.Core.Auctions;

namespace Gavel.Core.Tests.Auctions;

/// <summary>The search text follows the title and description through every way the domain sets them.</summary>
public sealed class AuctionSearchTextTests
{
    [Fact]
    public void ANewAuctionHasTheSearchTextOfItsTitleAndDescription()
    {
        var auction = new AuctionScenario().Auction;

        Assert.Equal("brass telescope victorian, working optics.", auction.SearchText);
    }

    [Fact]
    public void ChangingTheDetailsRefoldsTheSearchText()
    {
        var auction = new AuctionScenario().Auction;

        auction.ChangeDetails("Crème brûlée set", "<p>Four <em>ramekins</em></p>", auction.CategoryId, auction.Condition);

        Assert.Equal("creme brulee set four ramekins", auction.SearchText);
    }

    [Fact]
    public void AnImportedAuctionHasItsSearchText()
    {
        var auction = Auction.ImportSettled(
            People.Seller, "Pokémon Red", "Imported &amp; sold", 1, ItemCondition.Used, 5m, AuctionScenario.Start,
            AuctionScenario.Start.AddDays(3), new ImportedOutcome(null, null, null, 0, 0), "test");

        Assert.Equal("pokemon red imported & sold", auction.SearchText);
    }
}

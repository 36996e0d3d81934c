using Gavel.Core.Auctions;
using Gavel.Core.Common;

namespace Gavel.Core.Tests.Auctions;

/// <summary>Once a bid exists the item is fixed: no bait-and-switch on what bidders committed money to.</summary>
public sealed class ListingLockTests
{
    private const string Title = "Brass telescope";
    private const string Description = "Victorian, working optics.";

    public static TheoryData<string, string, string, int, ItemCondition> AllowedEdits => new()
    {
        // case, title, description, category, condition
        { "everything sent again unchanged", Title, Description, 1, ItemCondition.Used },
        { "an addition to the description", Title, Description + " Tripod included.", 1, ItemCondition.Used },
    };

    [Theory]
    [MemberData(nameof(AllowedEdits))]
    public void ASellerMaySendTheSameDetailsOrAddToTheDescriptionAfterABid(
        string @case, string title, string description, int categoryId, ItemCondition condition)
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 20m);

        scenario.Auction.ChangeDetails(title, description, categoryId, condition);

        var auction = scenario.Auction;
        Assert.True((title, description, categoryId, condition) == (auction.Title, auction.Description, auction.CategoryId, auction.Condition), @case);
    }

    public static TheoryData<string, string, string, int, ItemCondition, string[]> LockedEdits => new()
    {
        // case, title, description, category, condition, fields named in the refusal
        { "a new title", "Plastic telescope", Description, 1, ItemCondition.Used, ["title"] },
        { "the title's case only", "brass telescope", Description, 1, ItemCondition.Used, ["title"] },
        { "another category", Title, Description, 2, ItemCondition.Used, ["categoryId"] },
        { "another condition", Title, Description, 1, ItemCondition.ForParts, ["condition"] },
        { "a rewritten description", Title, "Modern, cracked optics.", 1, ItemCondition.Used, ["description"] },
        { "a shortened description", Title, "Victorian", 1, ItemCondition.Used, ["description"] },
        { "text put before the description", Title, "Note: " + Description, 1, ItemCondition.Used, ["description"] },
        { "an emptied description", Title, "", 1, ItemCondition.Used, ["description"] },
        { "a new title with an addition", "Plastic telescope", Description + " More.", 1, ItemCondition.Used, ["title"] },
        { "everything at once", "Plastic telescope", "Cracked.", 2, ItemCondition.New, ["title", "categoryId", "condition", "description"] },
    };

    [Theory]
    [MemberData(nameof(LockedEdits))]
    public void TheItemCannotChangeOnceABidIsPlaced(
        string @case, string title, string description, int categoryId, ItemCondition condition, string[] fields)
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 20m);

        var error = Assert.Throws<GavelRuleException>(() => scenario.Auction.ChangeDetails(title, description, categoryId, condition));

        Assert.True(error.Code == "listing_has_bids", $"{@case}: {error.Code}");
        Assert.Equal(409, error.Status);
        Assert.Equal(fields, (string[])error.Extensions["fields"]!);
        Assert.Equal(fields.Contains("description"), error.Message.Contains("only be added to", StringComparison.Ordinal));
        var auction = scenario.Auction;
        Assert.True((Title, Description, 1, ItemCondition.Used) == (auction.Title, auction.Description, auction.CategoryId, auction.Condition), @case);
    }

    [Fact]
    public void TheRefusalNamesTheFieldsAsAPersonReadsThem()
    {
        var scenario = AuctionScenario.Live();
        scenario.Bid(People.Alice, 20m);

        var error = Assert.Throws<GavelRuleException>(() => scenario.Auction.ChangeDetails("Plastic telescope", Description, 2, ItemCondition.New));

        Assert.Equal("The title, category and condition cannot change once a bid has been placed.", error.Message);
    }

    [Theory]
    [InlineData(AuctionStatus.Draft)]
    [InlineData(AuctionStatus.Scheduled)]
    [InlineData(AuctionStatus.Live)]
    public void EverythingMayChangeBeforeTheFirstBid(AuctionStatus status)
    {
        var scenario = AuctionScenario.InStatus(status);

        scenario.Auction.ChangeDetails("Plastic telescope", "Cracked.", 2, ItemCondition.ForParts);

        var auction = scenario.Auction;
        Assert.Equal(("Plastic telescope", "Cracked.", 2, ItemCondition.ForParts), (auction.Title, auction.Description, auction.CategoryId, auction.Condition));
    }
}

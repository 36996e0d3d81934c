namespace Gavel.Pricing.Shill;

/// <summary>
/// The nine behaviour features of the UCI shill bidding data for one bidder in one auction, each in [0, 1]
/// except the duration in days, in the order of <see cref="Names"/>.
/// </summary>
public sealed record ShillFeatureVector(float[] Values)
{
    public static readonly IReadOnlyList<string> Names =
    [
        "Bidder_Tendency",
        "Bidding_Ratio",
        "Successive_Outbidding",
        "Last_Bidding",
        "Auction_Bids",
        "Starting_Price_Average",
        "Early_Bidding",
        "Winning_Ratio",
        "Auction_Duration",
    ];

    public float BidderTendency => Values[0];

    public float BiddingRatio => Values[1];

    public float SuccessiveOutbidding => Values[2];

    public float LastBidding => Values[3];

    public float AuctionBids => Values[4];

    public float StartingPriceAverage => Values[5];

    public float EarlyBidding => Values[6];

    public float WinningRatio => Values[7];

    public float AuctionDuration => Values[8];
}

namespace Gavel.Core.Auctions;

public enum ItemCondition
{
    New,
    LikeNew,
    Used,
    Refurbished,
    ForParts,
}

using System.ComponentModel.DataAnnotations;

namespace Gavel.Server.Features.Live;

internal sealed class LiveOptions
{
    public const string Section = "Live";

    /// <summary>
    /// Auctions one hub connection may follow at once. Each followed auction is a group the server (and the Redis
    /// backplane, a subscription per group) keeps for the connection, so a client calling Follow in a loop must not
    /// grow them without end; a page of search results or a watchlist fits well within the default.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxFollowsPerConnection { get; set; } = 100;
}

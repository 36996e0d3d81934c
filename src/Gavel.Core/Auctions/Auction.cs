using Gavel.Core.Bidding;
using Gavel.Core.Common;

namespace Gavel.Core.Auctions;

/// <summary>
/// An auction and its rules. Status moves only along draft -> scheduled -> live -> ended -> settled, or to
/// cancelled, and every move is recorded in <see cref="Transitions"/>. Bidding lives in Auction.Bidding.cs.
/// </summary>
public sealed partial class Auction
{
    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required Guid SellerId { get; init; }

    public required string Title
    {
        get;
        set
        {
            field = value;
            RefreshSearchText();
        }
    }

    public required string Description
    {
        get;
        set
        {
            field = value;
            RefreshSearchText();
        }
    }

    /// <summary>The description's column size, as stored (after its markup is made safe): requests and forms check against it.</summary>
    public const int DescriptionMaxLength = 5000;

    public required int CategoryId { get; set; }

    public ItemCondition Condition { get; set; } = ItemCondition.Used;

    public required decimal StartingPrice { get; set; }

    /// <summary>Hidden from everyone but the seller; only "reserve met" is shown.</summary>
    public decimal? ReservePrice { get; set; }

    public decimal? BuyNowPrice { get; set; }

    public DateTimeOffset? StartsAt { get; set; }

    /// <summary>The end after any soft-close extension.</summary>
    public required DateTimeOffset EndsAt { get; set; }

    /// <summary>The end the seller chose; the extension cap counts from it.</summary>
    public required DateTimeOffset ScheduledEndsAt { get; set; }

    public int SoftCloseMinutes { get; set; } = 2;

    public int MaxExtensionMinutes { get; set; } = 30;

    public string? IncrementTableJson { get; set; }

    public AuctionStatus Status { get; private set; } = AuctionStatus.Draft;

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? EndedAt { get; private set; }

    public DateTimeOffset? SettledAt { get; private set; }

    public decimal? CurrentPrice { get; private set; }

    public int BidCount { get; private set; }

    public int BidderCount { get; private set; }

    public long LastSequence { get; private set; }

    public Guid? LeaderId { get; private set; }

    public string? LeaderAlias { get; private set; }

    public decimal? LeaderMaxAmount { get; private set; }

    public Guid? WinnerId { get; private set; }

    public decimal? FinalPrice { get; private set; }

    public List<AuctionTransition> Transitions { get; } = [];

    /// <summary>Set when a draft is cancelled before it was ever published: it stays the seller's private work.</summary>
    public bool CancelledWhileDraft { get; private set; }

    /// <summary>
    /// The seller's private work, which to anyone but the seller (and admins) does not exist: a draft, or a draft
    /// cancelled before it was published. Queries say the same with <see cref="AuctionVisibility"/>.
    /// </summary>
    public bool IsPrivate => IsPrivateState(Status, CancelledWhileDraft);

    /// <summary>The rule of <see cref="IsPrivate"/>, for a query that reads only the two columns it needs.</summary>
    public static bool IsPrivateState(AuctionStatus status, bool cancelledWhileDraft) =>
        status == AuctionStatus.Draft || cancelledWhileDraft;

    // Not mapped: an entity is loaded afresh for every write transaction, so this lives for one step only.
    private bool boughtNowInThisStep;

    public IncrementTable Increments => IncrementTable.FromJson(IncrementTableJson);

    public bool ReserveMet => ReservePrice is not { } reserve || (CurrentPrice is { } price && price >= reserve);

    public decimal MinimumNextBid => State.MinimumNextBid;

    private ProxyState State => new(StartingPrice, ReservePrice, CurrentPrice, LeaderId, LeaderMaxAmount, Increments);

    /// <summary>Open for bids by the server clock alone, whether or not the scheduler or closer has run yet.</summary>
    public bool IsOpen(DateTimeOffset now) =>
        (Status == AuctionStatus.Live || (Status == AuctionStatus.Scheduled && StartsAt <= now)) && now < EndsAt;

    public bool IsBuyNowOffered(DateTimeOffset now) =>
        BuyNowPrice is { } buyNow && IsOpen(now) && (BidCount == 0 || !ReserveMet) && buyNow > (CurrentPrice ?? 0m);

    public void Publish(Guid actorId, DateTimeOffset now, TimeSpan minimumDuration)
    {
        RequireStatus("publish", AuctionStatus.Draft);
        var startsAt = StartsAt is { } chosen && chosen > now ? chosen : now;
        if (EndsAt - startsAt < minimumDuration)
        {
            throw new GavelRuleException(
                "auction_too_short",
                $"An auction must run at least {minimumDuration}; move endsAt later before publishing.",
                422);
        }

        StartsAt = startsAt;
        MoveTo(StartsAt > now ? AuctionStatus.Scheduled : AuctionStatus.Live, now, actorId, null);
    }

    /// <summary>
    /// Moves a scheduled auction live once its start has come, as a step of its own (the closer's). Returns whether it
    /// moved. Going live changes what followers see, so it is a sequenced event like the end and the settlement.
    /// </summary>
    public bool Activate(DateTimeOffset now)
    {
        if (!GoLive(now))
        {
            return false;
        }

        LastSequence++;
        return true;
    }

    /// <summary>Cancels and returns the leader whose hold must be released, if any.</summary>
    public (Guid LeaderId, decimal Held)? Cancel(Guid actorId, bool actorIsAdmin, DateTimeOffset now, string? reason)
    {
        RequireStatus("cancel", AuctionStatus.Draft, AuctionStatus.Scheduled, AuctionStatus.Live);
        if (Status != AuctionStatus.Draft && now >= EndsAt)
        {
            // Fair close: the clock has ended it, whether or not the closer has run; the result stands.
            throw new GavelRuleException("auction_not_live", "This auction has ended and can no longer be cancelled.");
        }

        if (!actorIsAdmin && BidCount > 0)
        {
            throw new GavelRuleException("auction_has_bids", "An auction with bids can only be cancelled by an admin.");
        }

        var released = LeaderId is { } leader ? (leader, LeaderMaxAmount!.Value) : ((Guid, decimal)?)null;
        LeaderId = null;
        LeaderMaxAmount = null;
        LastSequence++;
        CancelledWhileDraft = Status == AuctionStatus.Draft;
        MoveTo(AuctionStatus.Cancelled, now, actorId, reason);
        EndedAt = now;
        return released;
    }

    /// <summary>Ends the auction once its (extended) end has passed. Returns whether it ended now.</summary>
    public bool Close(DateTimeOffset now)
    {
        if (now < EndsAt)
        {
            return false;
        }

        // Going live and ending in one step is one event with one number, as a bid or buy-now that starts it is.
        GoLive(now);
        if (Status != AuctionStatus.Live)
        {
            return false;
        }

        if (LeaderId is { } leader && ReserveMet)
        {
            WinnerId = leader;
            FinalPrice = CurrentPrice;
        }

        LastSequence++;
        EndedAt = now;
        MoveTo(AuctionStatus.Ended, now, null, WinnerId is null ? "ended unsold" : "ended sold");
        return true;
    }

    public void MarkSettled(DateTimeOffset now)
    {
        RequireStatus("settle", AuctionStatus.Ended);
        SettledAt = now;

        // Settling changes what followers see (the status), so it is a sequenced event: clients drop updates whose
        // sequence they have seen. A buy-now ends and settles in one step, which stays one event with one number.
        if (!boughtNowInThisStep)
        {
            LastSequence++;
        }

        MoveTo(AuctionStatus.Settled, now, null, null);
    }

    /// <summary>Edits stop at the end by the server clock, whether or not the closer has run.</summary>
    public void RequireEditable(DateTimeOffset now)
    {
        if (Status is AuctionStatus.Scheduled or AuctionStatus.Live && now >= EndsAt)
        {
            throw new GavelRuleException("auction_not_live", "This auction has ended and can no longer be edited.");
        }
    }

    /// <summary>
    /// Once a bid exists the item bidders committed to is fixed: title, category and condition cannot change and the
    /// description can only be added to (the new one starts with the old exactly). Values sent again unchanged are
    /// fine. Everything is checked before anything changes.
    /// </summary>
    public void ChangeDetails(string title, string description, int categoryId, ItemCondition condition)
    {
        RequireStatus("edit", AuctionStatus.Draft, AuctionStatus.Scheduled, AuctionStatus.Live);
        if (BidCount > 0)
        {
            RequireOnlyAdditions(title, description, categoryId, condition);
        }

        Title = title;
        Description = description;
        CategoryId = categoryId;
        Condition = condition;
    }

    private void RequireOnlyAdditions(string title, string description, int categoryId, ItemCondition condition)
    {
        // The request's field names (for clients, in "fields") and the same fields as a person reads them.
        var changed = new List<(string Field, string Words)>();
        if (!string.Equals(title, Title, StringComparison.Ordinal))
        {
            changed.Add(("title", "title"));
        }

        if (categoryId != CategoryId)
        {
            changed.Add(("categoryId", "category"));
        }

        if (condition != Condition)
        {
            changed.Add(("condition", "condition"));
        }

        var descriptionRewritten = !description.StartsWith(Description, StringComparison.Ordinal);
        if (changed.Count == 0 && !descriptionRewritten)
        {
            return;
        }

        var sentences = new List<string>();
        if (changed.Count > 0)
        {
            var words = changed.Select(c => c.Words).ToList();
            var list = words.Count == 1 ? words[0] : string.Join(", ", words[..^1]) + " and " + words[^1];
            sentences.Add($"The {list} cannot change once a bid has been placed.");
        }

        if (descriptionRewritten)
        {
            changed.Add(("description", "description"));
            sentences.Add("The description can only be added to once a bid has been placed: keep the existing text exactly and add after it.");
        }

        throw new GavelRuleException("listing_has_bids", string.Join(" ", sentences))
        {
            Extensions = new Dictionary<string, object?> { ["fields"] = changed.Select(c => c.Field).ToArray() },
        };
    }

    public void ChangePriceRules(decimal startingPrice, decimal? reservePrice, decimal? buyNowPrice)
    {
        RequireStatus("edit", AuctionStatus.Draft, AuctionStatus.Scheduled, AuctionStatus.Live);
        if (BidCount > 0)
        {
            throw new GavelRuleException("auction_has_bids", "Prices cannot change once a bid has been placed.");
        }

        ValidatePrices(startingPrice, reservePrice, buyNowPrice);
        StartingPrice = startingPrice;
        ReservePrice = reservePrice;
        BuyNowPrice = buyNowPrice;
    }

    public static void ValidatePrices(decimal startingPrice, decimal? reservePrice, decimal? buyNowPrice)
    {
        if (reservePrice is { } reserve && reserve < startingPrice)
        {
            throw new GavelRuleException("invalid_prices", "The reserve price cannot be below the starting price.", 422);
        }

        if (buyNowPrice is { } buyNow && (buyNow <= startingPrice || buyNow < (reservePrice ?? 0m)))
        {
            throw new GavelRuleException(
                "invalid_prices",
                "The buy-now price must be above the starting price and at least the reserve.",
                422);
        }
    }

    private void RequireStatus(string action, params AuctionStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new GavelRuleException(
                Status is AuctionStatus.Ended or AuctionStatus.Settled or AuctionStatus.Cancelled ? "auction_not_live" : "invalid_state",
                $"Cannot {action} an auction that is {Status.ToString().ToLowerInvariant()}.");
        }
    }

    /// <summary>The move to live without a sequence number of its own: the step that calls it numbers the event.</summary>
    private bool GoLive(DateTimeOffset now)
    {
        if (Status != AuctionStatus.Scheduled || StartsAt > now)
        {
            return false;
        }

        MoveTo(AuctionStatus.Live, StartsAt ?? now, null, "start time reached");
        return true;
    }

    private void MoveTo(AuctionStatus to, DateTimeOffset at, Guid? actorId, string? reason)
    {
        Transitions.Add(new AuctionTransition { AuctionId = Id, From = Status, To = to, At = at, ActorId = actorId, Reason = reason });
        Status = to;
    }
}

using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Gavel.Core.Auctions;
using Gavel.Core.Bidding;
using Gavel.Core.Data;
using Gavel.Server.Features.Live;
using Microsoft.Extensions.Options;

namespace Gavel.Server.Features.Bidding;

/// <summary>How bids are written (docs/adr/0010-group-committed-bids.md).</summary>
public sealed class BiddingOptions
{
    public const string Section = "Bidding";

    /// <summary>
    /// Group commit: bids waiting at the same moment share one transaction, so they share its locking reads, its
    /// round trips and its commit. Each bid is judged exactly as on its own and a 201 still means committed.
    /// Off: each bid commits in a transaction of its own (1.6x-1.7x fewer bids a second, docs/BENCHMARKS.md).
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The most bids one transaction takes.</summary>
    [Range(1, 1000)]
    public int MaxBatch { get; set; } = 64;

    /// <summary>
    /// Writers working at once, each owning the auctions that hash to it, so one auction's bids keep their order.
    /// More writers make smaller batches: on 2 cores, 2 did best (docs/BENCHMARKS.md). SQLite has one writer whatever
    /// this says.
    /// </summary>
    [Range(1, 64)]
    public int Writers { get; set; } = 2;
}

/// <summary>
/// Group commit for bids. A request queues its bid with the writer that owns its auction and waits for the
/// transaction it rides in to commit. Each writer takes every bid waiting (up to <see cref="BiddingOptions.MaxBatch"/>)
/// and places them in one transaction (<see cref="BidPlacement.PlaceBatchAsync"/>). If that transaction fails for a
/// reason that is not a rule (a rule refuses one bid, not the batch), its bids are placed again one by one, each in a
/// transaction of its own, so one bad bid cannot fail the others; a batch that fails because the database is away is
/// failed as a whole (<see cref="DatabaseFailures.IsUnavailable"/>). A commit that throws may have committed all the same
/// (<see cref="CommittedAsync"/>): then the batch is answered and published as committed, and nothing is placed again.
/// </summary>
internal sealed partial class BidBatcher : BackgroundService
{
    /// <summary>The meter operators watch (dotnet-counters --counters Gavel.Bidding): how full batches are and how long one takes.</summary>
    public const string MeterName = "Gavel.Bidding";

    private static readonly Meter Meter = new(MeterName);
    private static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("gavel.bids.batch.size", "{bid}", "Bids committed together in one transaction.");
    private static readonly Histogram<double> BatchDuration = Meter.CreateHistogram<double>("gavel.bids.batch.duration", "ms", "Time from taking a batch to its commit.");
    private readonly Channel<QueuedBid>[] queues;
    private readonly IServiceScopeFactory scopes;
    private readonly AfterCommitPublisher publisher;
    private readonly TimeProvider clock;
    private readonly BidderAliasCache aliases;
    private readonly string currency;
    private readonly int maxBatch;
    private readonly ILogger<BidBatcher> logger;

    public BidBatcher(
        IServiceScopeFactory scopes, AfterCommitPublisher publisher, BidderAliasCache aliases, TimeProvider clock, IOptions<BiddingOptions> options,
        IOptions<AuctionOptions> auctions, IOptions<DatabaseOptions> database, ILogger<BidBatcher> logger)
    {
        this.scopes = scopes;
        this.aliases = aliases;
        this.publisher = publisher;
        this.clock = clock;
        this.logger = logger;
        currency = auctions.Value.Currency;
        maxBatch = options.Value.MaxBatch;
        var writers = database.Value.Provider == DatabaseProvider.Sqlite ? 1 : options.Value.Writers;
        queues = [.. Enumerable.Range(0, writers).Select(_ => Channel.CreateUnbounded<QueuedBid>(new UnboundedChannelOptions { SingleReader = true }))];
    }

    /// <summary>Queues the bid and waits until its batch has committed it or a rule has refused it.</summary>
    public async Task<BatchedBidResult> PlaceAsync(BatchedBid bid, CancellationToken ct)
    {
        var queued = new QueuedBid(bid, new TaskCompletionSource<BatchedBidResult>(TaskCreationOptions.RunContinuationsAsynchronously), ct);
        var queue = queues[(int)((uint)bid.AuctionId.GetHashCode() % (uint)queues.Length)];
        if (!queue.Writer.TryWrite(queued))
        {
            // Stopping: the writers finish what they hold and take no more; a bid arriving now is placed on its own.
            await PlaceAsync([queued]);
        }

        // A request that goes away stops waiting; a bid already taken into a batch is placed all the same, as a bid
        // whose client disconnected after sending is placed on its own.
        return await queued.Result.Task.WaitAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A writer that fails must not leave its auctions' bids waiting in its queue for ever: its failure ends this
        // service at once (and with it the host, by default), rather than when every other writer has also stopped.
        var writers = queues.Select(q => WriteAsync(q.Reader, stoppingToken)).ToList();
        await await Task.WhenAny(writers);
        await Task.WhenAll(writers);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Requests have drained by now (the web server stops first); finish what is queued, then stop.
        foreach (var queue in queues)
        {
            queue.Writer.TryComplete();
        }

        await base.StopAsync(cancellationToken);
    }

    private async Task WriteAsync(ChannelReader<QueuedBid> reader, CancellationToken stoppingToken)
    {
        var batch = new List<QueuedBid>(maxBatch);
        try
        {
            while (await reader.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                while (batch.Count < maxBatch && reader.TryRead(out var queued))
                {
                    if (!queued.RequestAborted.IsCancellationRequested)
                    {
                        batch.Add(queued);
                    }
                    else
                    {
                        queued.Result.TrySetCanceled(queued.RequestAborted);
                    }
                }

                if (batch.Count > 0)
                {
                    await PlaceAsync(batch);
                }
            }
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogWriterFailed(ex);
            throw;
        }
    }

    private async Task PlaceAsync(IReadOnlyList<QueuedBid> batch)
    {
        var started = Stopwatch.GetTimestamp();
        BatchSize.Record(batch.Count);
        try
        {
            // The batch's database work is not cancelled by any one request: the others are waiting for it.
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GavelDbContext>();
            var results = await BidPlacement.PlaceBatchAsync(
                db, [.. batch.Select(q => q.Bid)], currency, clock, aliases, auction => publisher.Stage(db, auction),
                (bidIds, token) => CommittedAsync(db, bidIds, token), CancellationToken.None);
            BatchDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1 && !DatabaseFailures.IsUnavailable(ex))
        {
            LogBatchFailed(ex, batch.Count);
            foreach (var queued in batch)
            {
                await PlaceAsync([queued]);
            }
        }
        catch (Exception ex)
        {
            // A lone bid failed, or the database is away: then each bid alone would only fail again, one connect timeout
            // after another while the last request waits for them all, and a batch whose commit could not be checked
            // must not be placed a second time. Each request answers 503 and its client retries.
            foreach (var queued in batch)
            {
                queued.Result.TrySetException(ex);
            }
        }
    }

    /// <summary>
    /// Asked when the commit of bids placed on <paramref name="db"/> threw: whether it committed all the same (its reply
    /// lost with the connection). A context of its own looks for the bids; found, the updates the commit hook never saw
    /// committed are published now, as after any commit, so followers miss no sequence.
    /// </summary>
    public async Task<bool> CommittedAsync(GavelDbContext db, IReadOnlyList<Guid> bidIds, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (!await BidPlacement.StoredAsync(scope.ServiceProvider.GetRequiredService<GavelDbContext>(), bidIds, ct))
        {
            return false;
        }

        LogCommittedDespiteFailure(bidIds.Count);
        publisher.PublishCommitted(db);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The commit of {Count} bids threw, but they had committed; answering them as committed")]
    private partial void LogCommittedDespiteFailure(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} bids failed; placing them one by one")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "A bid writer stopped")]
    private partial void LogWriterFailed(Exception ex);

    private sealed record QueuedBid(BatchedBid Bid, TaskCompletionSource<BatchedBidResult> Result, CancellationToken RequestAborted);
}

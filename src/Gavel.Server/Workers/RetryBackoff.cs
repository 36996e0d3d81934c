using Gavel.Core.Data;

namespace Gavel.Server.Workers;

/// <summary>
/// How a worker waits after failed passes: its usual wait after the first failure, doubling with each one after
/// that up to <paramref name="max"/>, so a database that is away for minutes is not asked (and the log not written)
/// several times a second, while the first pass after it returns comes within <paramref name="max"/>.
/// </summary>
internal sealed partial class RetryBackoff(string worker, TimeSpan first, TimeSpan max, ILogger logger)
{
    private int failures;

    /// <summary>Records a failed pass, logs it and returns how long to wait before the next.</summary>
    public TimeSpan Failed(Exception exception)
    {
        failures++;
        var wait = first * Math.Pow(2, Math.Min(failures - 1, 20));
        wait = wait < max ? wait : max;

        // An outage is expected operations, not a bug: a warning without a stack trace says what and for how long.
        if (DatabaseFailures.IsUnavailable(exception))
        {
            LogDatabaseUnavailable(worker, failures, wait, exception.GetBaseException().Message);
        }
        else
        {
            LogFailed(exception, worker, failures, wait);
        }

        return wait;
    }

    /// <summary>Records a pass that worked, and says so once when it ends a run of failures.</summary>
    public void Succeeded()
    {
        if (failures > 0)
        {
            LogRecovered(worker, failures);
            failures = 0;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Worker}: the database is unavailable (failure {Failures} in a row); retrying in {Wait}: {Reason}")]
    private partial void LogDatabaseUnavailable(string worker, int failures, TimeSpan wait, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Worker}: the pass failed (failure {Failures} in a row); retrying in {Wait}")]
    private partial void LogFailed(Exception exception, string worker, int failures, TimeSpan wait);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Worker}: working again after {Failures} failures in a row")]
    private partial void LogRecovered(string worker, int failures);
}

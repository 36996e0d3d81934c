using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;

namespace Gavel.Server.Features.Accounts;

/// <summary>Checks suspension on each authenticated request, cached briefly so a hot path does not query for it every time.</summary>
internal sealed class SuspendedUsers(IMemoryCache cache)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    public async Task<bool> IsSuspendedAsync(IServiceProvider services, Guid userId, CancellationToken ct)
    {
        if (cache.TryGetValue(Key(userId), out bool suspended))
        {
            return suspended;
        }

        var db = services.GetRequiredService<GavelDbContext>();
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.IsSuspended }).FirstOrDefaultAsync(ct);
        suspended = user is null || user.IsSuspended;
        cache.Set(Key(userId), suspended, CacheFor);
        return suspended;
    }

    /// <summary>Called when an admin suspends or restores a user so the change applies at once on this node.</summary>
    public void Forget(Guid userId) => cache.Remove(Key(userId));

    private static string Key(Guid userId) => $"suspended:{userId}";
}

using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Accounts;

/// <summary>Fills <see cref="User.NormalizedDisplayName"/> for users written before the column existed.</summary>
public static class UserSearchNames
{
    private const int BatchSize = 500;

    /// <summary>
    /// Lower-cases, in .NET, the display names still missing their search form, a batch at a time (never every user in
    /// memory), and returns how many it filled. Runs after every migrate: once all are filled it is one query that finds
    /// nothing. An empty display name has an empty search form and is skipped, so the loop always ends.
    /// </summary>
    public static async Task<int> FillMissingAsync(GavelDbContext db, CancellationToken ct)
    {
        var filled = 0;
        while (true)
        {
            var batch = await db.Users.AsNoTracking()
                .Where(u => u.NormalizedDisplayName == "" && u.DisplayName != "")
                .OrderBy(u => u.Id)
                .Select(u => new { u.Id, u.DisplayName })
                .Take(BatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                return filled;
            }

            foreach (var user in batch)
            {
                var normalized = User.NormalizeDisplayName(user.DisplayName);
                filled += await db.Users
                    .Where(u => u.Id == user.Id && u.NormalizedDisplayName == "")
                    .ExecuteUpdateAsync(s => s.SetProperty(u => u.NormalizedDisplayName, normalized), ct);
            }
        }
    }
}

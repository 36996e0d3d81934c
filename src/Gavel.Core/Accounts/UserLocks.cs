using Gavel.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Core.Accounts;

public static class UserLocks
{
    /// <summary>
    /// Loads the user for update inside a write transaction. PostgreSQL runs writers in parallel at read
    /// committed, so without the row lock two failed sign-ins could both read the same count and the
    /// lockout would never trigger; SQLite's single writer already serialises them.
    /// </summary>
    public static async Task<User?> LockUserAsync(this GavelDbContext db, Guid userId, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            var rows = await db.Users.FromSql($"""SELECT * FROM "Users" WHERE "Id" = {userId} FOR UPDATE""").OrderBy(u => u.Id).ToListAsync(ct);
            return rows.SingleOrDefault();
        }

        return await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
    }
}

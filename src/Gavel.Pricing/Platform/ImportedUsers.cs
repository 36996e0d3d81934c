using System.Globalization;
using System.Text;
using Gavel.Core.Accounts;
using Gavel.Core.Data;
using Gavel.Pricing.Datasets;
using Microsoft.EntityFrameworkCore;

namespace Gavel.Pricing.Platform;

/// <summary>
/// The people of imported history: one user per name in the file, clearly marked and unable to sign in. Their
/// email is under <c>imported.invalid</c> (a reserved domain that can never receive mail), the password hash is
/// not a hash (no password verifies against it), they are suspended, and they get no wallet.
/// </summary>
public static class ImportedUsers
{
    public const string Domain = "imported.invalid";
    public const string NoPassword = "!imported-no-sign-in";

    public static string Email(string source, string name)
    {
        var local = new StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            local.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        var hash = Fnv1a.Hash(name).ToString("x8", CultureInfo.InvariantCulture);
        var sourcePart = new string([.. source.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]);
        return $"{local.ToString().Trim('-')[..Math.Min(40, local.ToString().Trim('-').Length)]}-{hash}@{sourcePart}.{Domain}";
    }

    public static bool IsImported(User user) => user.NormalizedEmail.EndsWith("." + Domain, StringComparison.Ordinal);

    /// <summary>Finds or creates the imported users for <paramref name="names"/>; returns their ids by name.</summary>
    public static async Task<Dictionary<string, Guid>> EnsureAsync(GavelDbContext db, string source, IEnumerable<string> names, DateTimeOffset now, CancellationToken ct)
    {
        var byEmail = names.Distinct(StringComparer.Ordinal).ToDictionary(n => Email(source, n), n => n, StringComparer.Ordinal);
        var ids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var chunk in byEmail.Keys.Chunk(500))
        {
            var existing = await db.Users.AsNoTracking().Where(u => chunk.Contains(u.NormalizedEmail))
                .Select(u => new { u.NormalizedEmail, u.Id, u.PasswordHash }).ToListAsync(ct);
            foreach (var user in existing)
            {
                // Only a user an import made is found again. An account that can sign in under the address (registered
                // before registration refused .invalid) would otherwise be handed this person's sales and wins.
                if (user.PasswordHash != NoPassword)
                {
                    throw new InvalidDataException(
                        $"{user.NormalizedEmail} is a registered account that can sign in, not imported history; nothing was imported. "
                        + "Suspend or remove that account (an address under .invalid cannot be anyone's real email), then import again.");
                }

                ids[byEmail[user.NormalizedEmail]] = user.Id;
            }
        }

        var missing = byEmail.Where(p => !ids.ContainsKey(p.Value)).ToList();
        if (missing.Count == 0)
        {
            return ids;
        }

        await db.WriteAsync(_ =>
        {
            foreach (var (email, name) in missing)
            {
                var user = new User
                {
                    Email = email,
                    NormalizedEmail = email,
                    DisplayName = (name.Length > 48 ? name[..48] : name) + " (imported)",
                    PasswordHash = NoPassword,
                    IsSuspended = true,
                    CreatedAt = now,
                };
                db.Users.Add(user);
                ids[name] = user.Id;
            }

            return Task.FromResult(true);
        }, ct);
        return ids;
    }
}

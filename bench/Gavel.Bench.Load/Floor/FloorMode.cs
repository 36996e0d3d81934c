namespace Gavel.Bench.Load.Floor;

/// <summary>What the floor server does per request, beyond authenticating it and reading its JSON body.</summary>
public enum FloorMode
{
    /// <summary>Nothing: the HTTP, JWT and JSON cost of a request on this machine, with no database at all.</summary>
    Http,

    /// <summary>pgbench -N's own transaction, one per request, sent as one Npgsql batch (one round trip).</summary>
    Sql,

    /// <summary>
    /// pgbench -N's transaction the way Gavel writes a bid: EF Core, a DbContext per request, the row read with
    /// SELECT ... FOR UPDATE, changed and a history row added through change tracking, SaveChanges, commit.
    /// </summary>
    Ef,

    /// <summary>pgbench -N's statements for every request waiting, in one transaction per batch (group commit).</summary>
    Grouped,

    /// <summary>
    /// Group commit through EF Core: every request waiting (up to 64) in one DbContext and transaction, the rows
    /// read with one SELECT ... FOR UPDATE, changed and added through change tracking, one SaveChanges, one commit.
    /// </summary>
    EfGrouped,
}

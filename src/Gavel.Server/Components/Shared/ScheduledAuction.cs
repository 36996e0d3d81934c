namespace Gavel.Server.Components.Shared;

/// <summary>A scheduled auction as the admin page lists it.</summary>
internal sealed record ScheduledAuction(Guid Id, string Title, DateTimeOffset? StartsAt, decimal StartingPrice);

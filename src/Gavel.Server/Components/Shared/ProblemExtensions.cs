using Microsoft.AspNetCore.Mvc;

namespace Gavel.Server.Components.Shared;

internal static class ProblemExtensions
{
    public static string? Code(this ProblemDetails problem) => problem.Extensions.TryGetValue("code", out var code) ? code as string : null;
}

namespace Gavel.Server.Components.Shared;

internal static class LocalUrl
{
    /// <summary>
    /// Only a path on this site: never another origin ("//host", "/\host", "https://..."), nor a path with a control
    /// character, which browsers drop ("/\t/host" is "//host" to them) and LocalRedirect refuses with an exception.
    /// </summary>
    public static string Or(string? url, string fallback) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl)
            ? url
            : fallback;
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gavel.Server.Tests.Infrastructure;

namespace Gavel.Server.Tests.Accounts;

/// <summary>Drives /api/auth the way a client does, reading answers into the client's own shapes.</summary>
internal static class AccountsTestApi
{
    public const string Password = "correct horse battery staple";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewEmail() => $"u{Guid.NewGuid():N}"[..12] + "@example.com";

    public static Task<HttpResponseMessage> PostRegisterAsync(this HttpClient client, string email, string password = Password, string displayName = "Test User") =>
        client.PostAsJsonAsync("/api/auth/register", new { email, password, displayName }, Ct);

    public static async Task<UserDto> RegisterAsync(this HttpClient client, string email, string password = Password, string displayName = "Test User")
    {
        var response = await client.PostRegisterAsync(email, password, displayName);
        await AssertStatusAsync(response, HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<UserDto>(Ct))!;
    }

    public static Task<HttpResponseMessage> PostLoginAsync(this HttpClient client, string email, string password = Password) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password }, Ct);

    public static async Task<TokenPair> LoginAsync(this HttpClient client, string email, string password = Password)
    {
        var response = await client.PostLoginAsync(email, password);
        await AssertStatusAsync(response, HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<TokenPair>(Ct))!;
    }

    public static Task<HttpResponseMessage> PostRefreshAsync(this HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);

    public static Task<HttpResponseMessage> PostLogoutAsync(this HttpClient client, string refreshToken) =>
        client.PostAsJsonAsync("/api/auth/logout", new { refreshToken }, Ct);

    public static Task<HttpResponseMessage> PostJsonTextAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Ct);

    /// <summary>Registers and signs in a user, returning a client that carries the access token.</summary>
    public static async Task<(UserDto User, TokenPair Tokens, HttpClient Client)> SignedInUserAsync(this GavelApp app, string? email = null)
    {
        email ??= NewEmail();
        var user = await app.Anonymous().RegisterAsync(email);
        var tokens = await app.Anonymous().LoginAsync(email);
        return (user, tokens, app.WithToken(tokens.AccessToken));
    }

    public static async Task AssertStatusAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }

    /// <summary>Asserts an RFC 9457 ProblemDetails answer with the status and stable code, and returns it.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        await AssertStatusAsync(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        return problem;
    }
}

internal sealed record UserDto(Guid Id, string Email, string DisplayName, string[] Roles, DateTimeOffset CreatedAt);

internal sealed record TokenPair(string AccessToken, string RefreshToken, DateTimeOffset ExpiresAt, DateTimeOffset RefreshTokenExpiresAt, string TokenType);

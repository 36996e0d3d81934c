using System.Net;
using System.Text.Json.Nodes;

namespace Gavel.Server.Tests.Infrastructure;

public static class ProblemAssert
{
    /// <summary>Asserts an RFC 9457 ProblemDetails with the given status, a title, a detail and a machine code (API.md); returns it.</summary>
    public static async Task<JsonObject> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? code = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (JsonObject)JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), "A problem needs a title.");
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()), $"A problem needs a detail: {body}");
        Assert.NotNull(problem["code"]);
        if (code is not null)
        {
            Assert.Equal(code, problem["code"]!.GetValue<string>());
        }

        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        return problem;
    }
}

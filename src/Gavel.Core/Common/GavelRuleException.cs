namespace Gavel.Core.Common;

/// <summary>
/// A business rule was broken. <see cref="Code"/> is the stable machine code clients switch on
/// (API.md); the message is written for a person. The server maps it to a 409 or 422 ProblemDetails.
/// </summary>
public sealed class GavelRuleException(string code, string message, int status = 409) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;

    public IReadOnlyDictionary<string, object?> Extensions { get; init; } = new Dictionary<string, object?>();
}

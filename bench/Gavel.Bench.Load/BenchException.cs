namespace Gavel.Bench.Load;

/// <summary>A setup failure the tool reports in one line (no stack trace): a server that did not start, a refused request.</summary>
internal sealed class BenchException(string message) : Exception(message);

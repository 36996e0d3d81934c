namespace Gavel.Pricing.Tests;

/// <summary>
/// The shared datasets: ../shared/data beside the repository root (the folder with Gavel.slnx), never copied into
/// it; GAVEL_TEST_DATA names another folder (a git worktree elsewhere, say). Tests that need them skip with the
/// reason when the folder is missing, and fail instead under CI=true.
/// </summary>
internal static class SharedData
{
    public static string Directory
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (root is not null && !System.IO.File.Exists(Path.Combine(root.FullName, "Gavel.slnx")))
            {
                root = root.Parent;
            }

            var data = Environment.GetEnvironmentVariable("GAVEL_TEST_DATA") is { Length: > 0 } named
                ? Path.GetFullPath(named)
                : root is null ? null : Path.GetFullPath(Path.Combine(root.FullName, "..", "shared", "data"));
            if (data is not null && System.IO.File.Exists(Path.Combine(data, "auction.csv")))
            {
                return data;
            }

            var reason = $"The shared datasets are not at {data ?? "../shared/data (no Gavel.slnx above the test folder)"}; set GAVEL_TEST_DATA to their folder.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException("Under CI=true the shared data is required: " + reason);
            }

            Assert.Skip(reason);
            return "";
        }
    }

    public static string PathOf(string name) => Path.Combine(Directory, name);
}

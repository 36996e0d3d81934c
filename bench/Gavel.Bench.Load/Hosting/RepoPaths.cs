namespace Gavel.Bench.Load.Hosting;

/// <summary>Finds the repository (the folder holding Gavel.slnx) from the working directory or the tool's own location.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string ServerProject => Path.Combine(Root, "src", "Gavel.Server");

    public static string ServerDll => Path.Combine(ServerProject, "bin", "Release", "net10.0", "Gavel.Server.dll");

    public static string PgbenchScript => Path.Combine(Root, "bench", "run-pgbench.sh");

    private static string Find()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Gavel.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new BenchException("Cannot find the repository root (a folder with Gavel.slnx); run from inside the repository.");
    }
}

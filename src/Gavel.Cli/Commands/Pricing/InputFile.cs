using Gavel.Cli.Infrastructure;

namespace Gavel.Cli.Commands.Pricing;

/// <summary>A CSV named on the command line. A folder is the likeliest slip (the data folder for a file in it), so it gets its own message.</summary>
internal static class InputFile
{
    public static string PathOf(FileInfo file, string option) =>
        Directory.Exists(file.FullName)
            ? throw new CliException($"{option} {file.FullName} is a folder; give the CSV file in it.")
            : file.FullName;
}

using System.Globalization;

namespace Gavel.Pricing.Datasets;

/// <summary>
/// The plain comma-separated files of ../shared/data (no quoting anywhere): a header row and fields looked up by
/// name, so a reordered column is found and a missing one is reported with the file's name.
/// </summary>
internal sealed class CsvFile
{
    private readonly Dictionary<string, int> columns;

    private CsvFile(string path, string[] header, List<string[]> rows)
    {
        Path = path;
        columns = header.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.OrdinalIgnoreCase);
        Rows = rows;
    }

    public string Path { get; }

    public IReadOnlyList<string[]> Rows { get; }

    public static CsvFile Read(string path, params string[] required)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The file {path} does not exist.", path);
        }

        using var reader = new StreamReader(path);
        var header = (reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.")).TrimEnd('\r').Split(',');
        var rows = new List<string[]>();
        while (reader.ReadLine() is { } line)
        {
            line = line.TrimEnd('\r');
            if (line.Length > 0)
            {
                rows.Add(line.Split(','));
            }
        }

        var file = new CsvFile(path, header, rows);
        var missing = required.Where(c => !file.columns.ContainsKey(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"{path} lacks the column(s) {string.Join(", ", missing)}; expected {string.Join(",", required)}.");
        }

        return file;
    }

    public int Column(string name) => columns[name];

    public string Text(string[] row, int column) => column < row.Length ? row[column].Trim() : "";

    public double Number(string[] row, int column, int rowIndex) =>
        double.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{Path} row {rowIndex + 2}: '{Text(row, column)}' is not a number.");

    public decimal Money(string[] row, int column, int rowIndex) =>
        decimal.TryParse(Text(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"{Path} row {rowIndex + 2}: '{Text(row, column)}' is not an amount.");
}

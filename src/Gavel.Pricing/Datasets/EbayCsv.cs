namespace Gavel.Pricing.Datasets;

/// <summary>One row of eBayAuctions.csv. <see cref="Competitive"/> (at least two bids) is known only after the end.</summary>
public sealed record EbayCsvAuction(
    int RowIndex, string Category, string Currency, int SellerRating, int DurationDays, DayOfWeek EndDay, decimal ClosePrice, decimal OpenPrice, bool Competitive)
{
    public string Key => "eBayAuctions.csv:" + RowIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Sold for certain only with two or more bids; with fewer the file cannot tell a sale at the opening price
    /// from no sale, so such rows are treated as unsold and never become a hammer price.
    /// </summary>
    public bool Sold => Competitive;
}

/// <summary>Reads eBayAuctions.csv (Shmueli et al.); the data-row index is the row's key, as in the shared split.</summary>
public static class EbayCsv
{
    public const string FileName = "eBayAuctions.csv";

    /// <summary>The file's categories on Gavel's slugs; the ones without a counterpart (Automotive, Books, ...) are not imported.</summary>
    public static readonly IReadOnlyDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Music/Movie/Game"] = "music",
        ["Toys/Hobbies"] = "toys-games",
        ["Collectibles"] = "collectibles",
        ["Coins/Stamps"] = "collectibles",
        ["Antique/Art/Craft"] = "art",
        ["Clothing/Accessories"] = "fashion",
        ["Jewelry"] = "jewellery",
        ["SportingGoods"] = "sports",
        ["Home/Garden"] = "home-garden",
        ["Pottery/Glass"] = "home-garden",
        ["Electronics"] = "electronics",
        ["Computer"] = "computers",
        ["Photography"] = "cameras",
    };

    private static readonly Dictionary<string, DayOfWeek> Days = Enum.GetValues<DayOfWeek>().ToDictionary(d => d.ToString()[..3], StringComparer.OrdinalIgnoreCase);

    public static IReadOnlyList<EbayCsvAuction> Read(string path)
    {
        var file = CsvFile.Read(path, "Category", "currency", "sellerRating", "Duration", "endDay", "ClosePrice", "OpenPrice", "Competitive?");
        int category = file.Column("Category"), currency = file.Column("currency"), rating = file.Column("sellerRating"), duration = file.Column("Duration"),
            endDay = file.Column("endDay"), close = file.Column("ClosePrice"), open = file.Column("OpenPrice"), competitive = file.Column("Competitive?");
        return file.Rows.Select((row, i) => new EbayCsvAuction(
            i,
            file.Text(row, category),
            file.Text(row, currency),
            (int)file.Number(row, rating, i),
            (int)file.Number(row, duration, i),
            Days.TryGetValue(file.Text(row, endDay), out var day) ? day : throw new InvalidDataException($"{path} row {i + 2}: '{file.Text(row, endDay)}' is not a day."),
            file.Money(row, close, i),
            file.Money(row, open, i),
            file.Text(row, competitive) == "1")).ToList();
    }

    public static string Title(EbayCsvAuction row) => $"{row.Category} item";
}

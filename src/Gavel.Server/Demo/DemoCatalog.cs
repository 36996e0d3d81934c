using Gavel.Core.Auctions;

namespace Gavel.Server.Demo;

/// <summary>A demo item: what it is, where it goes, and roughly what it is worth.</summary>
internal sealed record DemoItem(string Title, string Description, string CategorySlug, ItemCondition Condition, decimal StartingPrice, decimal Worth, decimal? Reserve = null, decimal? BuyNow = null);

internal static class DemoCatalog
{
    public static readonly DemoItem[] Items =
    [
        new("Leica M3 rangefinder, 1956, with Summicron 50mm", "Double-stroke M3 body, serviced last year. Shutter speeds accurate, rangefinder bright and aligned. Light brassing on the top plate.", "cameras", ItemCondition.Used, 400m, 1450m, Reserve: 900m),
        new("Canon EF 70-200mm f/2.8L IS II USM", "Sharp, fast stabiliser, no haze or fungus. Comes with hood, tripod collar and both caps.", "cameras", ItemCondition.Used, 350m, 920m),
        new("Apple iPhone 13 Pro, 256 GB, graphite", "Unlocked, battery health 88%. Always in a case; screen has no scratches.", "phones", ItemCondition.Used, 150m, 420m, BuyNow: 520m),
        new("Google Pixel 8, 128 GB, sealed", "New in sealed box, never activated. Hazel colour.", "phones", ItemCondition.New, 200m, 430m, BuyNow: 499m),
        new("ThinkPad X1 Carbon Gen 9, i7, 16 GB, 1 TB", "Business laptop in very good condition. Fresh OS install, charger included.", "computers", ItemCondition.Used, 250m, 610m),
        new("Sony WH-1000XM5 headphones", "Noise-cancelling headphones, black, with case. Used a handful of times.", "audio", ItemCondition.LikeNew, 90m, 240m, BuyNow: 299m),
        new("1921 Morgan silver dollar, VF", "Philadelphia mint, very fine, honest wear, no cleaning.", "coins", ItemCondition.Used, 20m, 58m),
        new("Pokemon Base Set Charizard, holo, PSA 8", "Graded NM-MT 8, case without cracks.", "trading-cards", ItemCondition.Used, 500m, 2100m, Reserve: 1500m),
        new("Amazing Spider-Man #300, 1988", "First full appearance of Venom. Raw copy, flat, bright colours, light spine stress.", "comics", ItemCondition.Used, 150m, 640m),
        new("Omega Seamaster Diver 300M, 2019", "Blue ceramic dial and bezel, full set with box and papers, serviced 2024.", "watches", ItemCondition.Used, 1500m, 3900m, Reserve: 3000m),
        new("Seiko SKX007 automatic diver", "Classic 200 m diver on jubilee bracelet, keeps good time.", "watches", ItemCondition.Used, 100m, 290m),
        new("Mid-century teak sideboard", "Danish style, 1960s, four sliding doors, one small mark on top. Collection only.", "furniture", ItemCondition.Used, 120m, 480m),
        new("KitchenAid Artisan stand mixer, red", "4.8 L bowl, whisk, paddle and dough hook. Works perfectly.", "kitchen", ItemCondition.Used, 80m, 210m),
        new("Original oil painting, harbour at dusk", "Oil on canvas, 60 x 80 cm, signed by the artist, framed.", "paintings", ItemCondition.New, 60m, 230m),
        new("Trek Domane AL 2 road bike, 56 cm", "Aluminium frame, Shimano Claris, new tyres and chain this spring.", "cycling", ItemCondition.Used, 200m, 520m),
        new("Fender Player Stratocaster, 2020, sunburst", "Maple neck, set up with 10s, no fret wear. Gig bag included.", "instruments", ItemCondition.LikeNew, 300m, 640m),
        new("Pink Floyd, The Dark Side of the Moon, 1973 UK press", "Harvest SHVL 804, both posters and stickers, vinyl VG+.", "vinyl", ItemCondition.Used, 50m, 260m),
        new("LEGO Star Wars Millennium Falcon 75192", "Ultimate Collector Series, sealed box with shelf wear.", "models", ItemCondition.New, 450m, 820m, BuyNow: 899m),
        new("Nintendo Switch OLED, white", "Console, dock, Joy-Cons and charger. Light use.", "video-games", ItemCondition.Used, 140m, 265m),
        new("Catan, 25th anniversary edition", "Complete, cards sleeved, pieces bagged.", "board-games", ItemCondition.Used, 15m, 48m),
    ];
}

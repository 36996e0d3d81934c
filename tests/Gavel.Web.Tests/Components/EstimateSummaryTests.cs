using Bunit;
using Gavel.Server.Components.Pricing;

namespace Gavel.Web.Tests.Components;

/// <summary>bUnit: how an estimate reads to a person, for every shape the pricing API answers with.</summary>
public sealed class EstimateSummaryTests : IDisposable
{
    private readonly BunitContext context = new();

    [Fact]
    public void AnEstimateShowsTheMedianTheRangeAndHowManySalesItRestsOn()
    {
        var summary = Render(new EstimateView(412.5m, 300m, 560m, "USD", 14, null));

        Assert.Equal("$412.50", summary.Find("[data-testid=estimate-median]").TextContent);
        Assert.Equal("$300.00 – $560.00", summary.Find("[data-testid=estimate-range]").TextContent);
        Assert.Contains("based on 14 comparable sales.", summary.Markup);
    }

    [Fact]
    public void OneComparableSaleIsSingular()
    {
        var summary = Render(new EstimateView(10m, 8m, 12m, "USD", 1, null));

        Assert.Contains("based on 1 comparable sale.", summary.Markup);
    }

    [Fact]
    public void NoEstimateSaysSoAndKeepsTheReasonForTheCurious()
    {
        var summary = Render(new EstimateView(null, null, null, "USD", 0, "Only 3 comparable sales; at least 5 are needed."));

        var text = summary.Find("p");
        Assert.Equal("Expected final price: not enough data yet.", text.TextContent);
        Assert.Equal("Only 3 comparable sales; at least 5 are needed.", text.GetAttribute("title"));
        Assert.Empty(summary.FindAll("[data-testid=estimate-median]"));
    }

    [Fact]
    public void BeforeAnyAnswerNothingIsShown()
    {
        var summary = Render(null);

        Assert.Empty(summary.FindAll("p"));
    }

    public void Dispose() => context.Dispose();

    private IRenderedComponent<EstimateSummary> Render(EstimateView? estimate) => context.Render<EstimateSummary>(p => p
        .Add(x => x.Estimate, estimate)
        .Add(x => x.Label, "Expected final price:"));
}

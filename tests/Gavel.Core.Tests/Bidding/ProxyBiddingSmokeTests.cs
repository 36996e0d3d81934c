using Gavel.Core.Bidding;

namespace Gavel.Core.Tests.Bidding;

public sealed class ProxyBiddingSmokeTests
{
    [Fact]
    public void FirstBidSetsPriceToStartingPrice()
    {
        var bidder = Guid.NewGuid();
        var outcome = ProxyBidding.Apply(new ProxyState(10m, null, null, null, null, IncrementTable.Default), bidder, 50m);
        Assert.Equal(10m, outcome.Price);
        Assert.Equal(bidder, outcome.LeaderId);
    }
}

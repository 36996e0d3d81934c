using System.ComponentModel.DataAnnotations;
using Gavel.Core.Accounts;

namespace Gavel.Server.Features.Accounts;

/// <summary>Base for attributes that defer to one of <see cref="AccountRules"/>' checks; null is left to [Required].</summary>
internal abstract class AccountRuleAttribute(Func<string, string?> check) : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) => value switch
    {
        null => ValidationResult.Success,
        string text when check(text) is { } error => new ValidationResult(error, MemberOf(validationContext)),
        string => ValidationResult.Success,
        _ => new ValidationResult($"{validationContext.DisplayName} must be a string.", MemberOf(validationContext)),
    };

    private static string[]? MemberOf(ValidationContext context) => context.MemberName is { } name ? [name] : null;
}

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class AccountEmailAttribute() : AccountRuleAttribute(AccountRules.CheckEmail);

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class AccountPasswordAttribute() : AccountRuleAttribute(AccountRules.CheckPassword);

[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
internal sealed class AccountDisplayNameAttribute() : AccountRuleAttribute(AccountRules.CheckDisplayName);

using System.ComponentModel.DataAnnotations;

namespace Gavel.Core.Common;

/// <summary>A positive amount with at most two decimals and no larger than <see cref="Money.MaxAmount"/>.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class MoneyAttribute : ValidationAttribute
{
    public bool AllowZero { get; init; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is null)
        {
            return ValidationResult.Success;
        }

        var name = validationContext.DisplayName;
        if (value is not decimal amount)
        {
            return new ValidationResult($"{name} must be a number.");
        }

        if (amount < 0 || (amount == 0 && !AllowZero))
        {
            return new ValidationResult($"{name} must be greater than zero.", [validationContext.MemberName!]);
        }

        if (amount > Money.MaxAmount)
        {
            return new ValidationResult($"{name} must be at most {Money.MaxAmount:0}.", [validationContext.MemberName!]);
        }

        return Money.HasAtMostTwoDecimals(amount)
            ? ValidationResult.Success
            : new ValidationResult($"{name} can have at most two decimal places.", [validationContext.MemberName!]);
    }
}

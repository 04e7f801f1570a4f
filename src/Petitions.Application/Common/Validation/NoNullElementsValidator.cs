using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using FluentValidation;
using FluentValidation.Results;

namespace Petitions.Application.Common.Validation;

/// <summary>
/// The shared rule every request passes before its own validator: no null where the type says there is none — an
/// element of a list (<c>"categories": [null]</c>) or a nested object's non-nullable member. JSON binding leaves such
/// nulls in place (element nullability is not enforced by the serializer), and a handler would dereference them.
/// Registered as an open generic, so every request type gets it without a line in its own validator.
/// </summary>
public sealed class NoNullElementsValidator<T> : AbstractValidator<T>
{
    private const int MaxDepth = 8;

    public NoNullElementsValidator()
    {
        RuleFor(request => request).Custom((request, context) =>
        {
            if (request is null) return;
            foreach (var field in NullsIn(request, "", 0)) context.AddFailure(new ValidationFailure(field, $"'{field}' must not be null."));
        });
    }

    private static IEnumerable<string> NullsIn(object value, string path, int depth)
    {
        if (depth > MaxDepth) yield break;
        foreach (var member in Members.For(value.GetType()))
        {
            var current = member.Property.GetValue(value);
            var name = path.Length == 0 ? member.Property.Name : $"{path}.{member.Property.Name}";
            if (current is null)
            {
                // Inside an object the type is the contract; the request's own fields are its validator's to judge.
                if (depth > 0 && member.NotNull) yield return name;
                continue;
            }
            if (member.IsCollection && current is IEnumerable items)
            {
                var index = 0;
                foreach (var item in items)
                {
                    var itemName = $"{name}[{index++}]";
                    if (item is null)
                    {
                        if (member.ElementNotNull) yield return itemName;
                    }
                    else if (Members.IsComposite(item.GetType()))
                    {
                        foreach (var inner in NullsIn(item, itemName, depth + 1)) yield return inner;
                    }
                }
            }
            else if (member.IsComposite)
            {
                foreach (var inner in NullsIn(current, name, depth + 1)) yield return inner;
            }
        }
    }

    private sealed record Member(PropertyInfo Property, bool IsCollection, bool ElementNotNull, bool IsComposite, bool NotNull);

    private static class Members
    {
        private static readonly ConcurrentDictionary<Type, Member[]> Cache = new();

        public static Member[] For(Type type) => Cache.GetOrAdd(type, Describe);

        /// <summary>A request's own record types (not strings, primitives, dates or framework types).</summary>
        public static bool IsComposite(Type type) =>
            type is { IsClass: true } && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
            && type.Assembly == typeof(NoNullElementsValidator<>).Assembly;

        private static Member[] Describe(Type type)
        {
            var nullability = new NullabilityInfoContext();
            return type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.GetIndexParameters().Length == 0 && p.CanRead)
                .Select(p =>
                {
                    var isCollection = p.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(p.PropertyType);
                    var elementNotNull = false;
                    var info = nullability.Create(p);
                    if (isCollection)
                    {
                        var element = info.ElementType ?? (info.GenericTypeArguments.Length == 1 ? info.GenericTypeArguments[0] : null);
                        elementNotNull = element is { ReadState: NullabilityState.NotNull };
                    }

                    var notNull = !p.PropertyType.IsValueType && info.ReadState == NullabilityState.NotNull;
                    return new Member(p, isCollection, elementNotNull, IsComposite(p.PropertyType), notNull);
                })
                .Where(m => m.IsCollection || m.IsComposite || m.NotNull)
                .ToArray();
        }
    }
}

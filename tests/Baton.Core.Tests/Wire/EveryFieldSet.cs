using System.Reflection;
using Baton.Protocol;

namespace Baton.Core.Tests.Wire;

/// <summary>
/// Wire records with every property set to a value that is not its default, by reflection: a field added to a
/// record later is set here too, so a hand-written reader or writer that does not know it fails its test.
/// </summary>
internal static class EveryFieldSet
{
    public static T Of<T>()
        where T : class => (T)Of(typeof(T));

    private static object Of(Type type)
    {
        if (type == typeof(ReceiptError))
        {
            return new ReceiptError("agent-failed", "The model's stream ended early; \"retry\" later.");
        }

        var instance = Activator.CreateInstance(type) ?? throw new InvalidOperationException($"Cannot create {type.Name}.");
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            property.SetValue(instance, ValueFor(property));
        }

        return instance;
    }

    private static object ValueFor(PropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return type switch
        {
            _ when type == typeof(string) => $"{property.Name}: ünïcödé \"quoted\" <tag> & a\nnew line 🚀",
            _ when type == typeof(bool) => true,
            _ when type == typeof(int) => 7,
            _ when type == typeof(long) => 1_234_567_890_123L,
            _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 12, 1, 8, 30, 15, 123, TimeSpan.FromHours(2)).AddTicks(4567),

            // The last member: the default is the first, so a reader that never reads the field is caught.
            _ when type.IsEnum => Enum.GetValues(type).Cast<object>().Last(),
            _ when type.IsClass => Of(type),
            _ => throw new NotSupportedException($"{property.DeclaringType!.Name}.{property.Name} is a {type.Name}: give it a value here."),
        };
    }
}

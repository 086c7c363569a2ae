using System.Collections;
using Google.Protobuf;

namespace Leanmote.Infrastructure.Telemetry.Normalisation;

/// <summary>
/// Replaces every NUL character in the strings of a decoded OTLP message with U+FFFD (ADR 0051): PostgreSQL's text and
/// jsonb cannot hold a NUL, and one such value must not cost the whole payload. The raw payload keeps the original.
/// Used only when a write failed for that reason, so the common path pays nothing.
/// </summary>
internal static class NulFreeText
{
    public const char Replacement = '\uFFFD';

    public static void Apply(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap) continue;   // OTLP has no map fields
            var accessor = field.Accessor;
            if (field.IsRepeated)
            {
                var list = (IList)accessor.GetValue(message);
                for (var i = 0; i < list.Count; i++)
                {
                    if (list[i] is string s && s.Contains('\0')) list[i] = s.Replace('\0', Replacement);
                    else if (list[i] is IMessage child) Apply(child);
                }
                continue;
            }
            switch (accessor.GetValue(message))
            {
                case string s when s.Contains('\0'):
                    accessor.SetValue(message, s.Replace('\0', Replacement));
                    break;
                case IMessage child:
                    Apply(child);
                    break;
            }
        }
    }
}

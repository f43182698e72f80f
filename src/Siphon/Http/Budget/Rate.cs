using System.Xml;
using Siphon.Components;

namespace Siphon.Http.Budget;

/// <summary>At most <see cref="Limit"/> calls in any window of <see cref="Interval"/>.</summary>
internal sealed record Rate(int Limit, TimeSpan Interval)
{
    public static readonly ComponentSpec Spec = new("Rate", ComponentKind.Rate, "A number of calls allowed per interval.",
        [
            new FieldSpec("limit", FieldType.Integer, "Calls allowed in one interval.") { Required = true, Min = 1 },
            Field.String("interval", "The interval, as an ISO-8601 duration such as PT1M.", required: true),
        ])
    {
        Factory = (node, _) =>
        {
            try
            {
                return new Rate((int)node.RequiredInteger("limit"), XmlConvert.ToTimeSpan(node.Text("interval")!));
            }
            catch (FormatException)
            {
                throw new ComponentBuildException(node.Position, node.FieldPath("interval"), $"'{node.Text("interval")}' is not an ISO-8601 duration such as PT1M");
            }
        },
        Example = "type: Rate\nlimit: 10\ninterval: PT1S\n",
    };
}

package io.streamingbatchnorm.schemas;

import java.util.StringJoiner;
import org.apache.avro.Schema;

/**
 * A schema's binary layout in one line, such as {@code {key:string,values:array<[null,double]>}}: field
 * names and order, types, union branches and enum symbols, without names of types, docs, defaults or
 * logical types. A hand-written reader or writer states the layout it was written for, and refuses to
 * run against a schema of another shape.
 */
final class SchemaShape {
    private SchemaShape() {}

    static String of(Schema schema) {
        return switch (schema.getType()) {
            case RECORD -> {
                StringJoiner fields = new StringJoiner(",", "{", "}");
                for (Schema.Field field : schema.getFields()) {
                    fields.add(field.name() + ":" + of(field.schema()));
                }
                yield fields.toString();
            }
            case UNION -> {
                StringJoiner branches = new StringJoiner(",", "[", "]");
                schema.getTypes().forEach(branch -> branches.add(of(branch)));
                yield branches.toString();
            }
            case ARRAY -> "array<" + of(schema.getElementType()) + ">";
            case MAP -> "map<" + of(schema.getValueType()) + ">";
            case ENUM -> "enum" + schema.getEnumSymbols().toString().replace(" ", "");
            case FIXED -> "fixed(" + schema.getFixedSize() + ")";
            default -> schema.getName();
        };
    }

    /**
     * Refuses to build a hand-written reader or writer against a schema it was not written for.
     *
     * @throws IllegalStateException if {@code schema} does not have the layout {@code user} was written for
     */
    static void require(Schema schema, String layout, Class<?> user) {
        String actual = of(schema);
        if (!actual.equals(layout)) {
            throw new IllegalStateException(user.getSimpleName() + " reads and writes " + schema.getName() + " as "
                    + layout + ", but the current schema is " + actual + ": update it with the schema");
        }
    }
}

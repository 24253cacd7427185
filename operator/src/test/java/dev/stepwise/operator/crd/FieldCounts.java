package dev.stepwise.operator.crd;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.lang.reflect.Field;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the generator cannot write from annotations, added in its own post-processing step:
 * {@code minProperties}/{@code maxProperties} from {@link FieldCount} (found by walking the
 * schema and the model side by side), the pattern, range and length of int-or-string fields
 * (the generator drops them), and the printer columns in the order {@link Rollout}
 * declares them (the generator sorts them by JSON path).
 */
final class FieldCounts implements CRDPostProcessor {

    @Override
    public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
        for (CustomResourceDefinitionVersion version : ((CustomResourceDefinition) crd).getSpec().getVersions()) {
            JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
            walk(root.getProperties().get("spec"), Spec.class);
            List<String> order = Arrays.stream(Rollout.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                    .map(AdditionalPrinterColumn::name).toList();
            version.getAdditionalPrinterColumns()
                    .sort(Comparator.comparingInt((CustomResourceColumnDefinition c) -> order.indexOf(c.getName())));
        }
        return crd;
    }

    private static void walk(JSONSchemaProps schema, Type type) {
        if (type instanceof ParameterizedType generic) {
            Type[] arguments = generic.getActualTypeArguments();
            if (generic.getRawType() == List.class) {
                walk(schema.getItems().getSchema(), arguments[0]);
            } else if (generic.getRawType() == Map.class && schema.getAdditionalProperties().getSchema() != null) {
                walk(schema.getAdditionalProperties().getSchema(), arguments[1]);
            }
            return;
        }
        if (!(type instanceof Class<?> model) || !model.isRecord()) {
            return;
        }
        FieldCount count = model.getAnnotation(FieldCount.class);
        if (count != null) {
            schema.setMinProperties(count.min() > 0 ? (long) count.min() : null);
            schema.setMaxProperties(count.max() >= 0 ? (long) count.max() : null);
        }
        for (RecordComponent component : model.getRecordComponents()) {
            JSONSchemaProps child = schema.getProperties().get(component.getName());
            if (child == null) {
                throw new IllegalStateException("the generated schema has no " + component.getName() + " in " + model);
            }
            if (component.getType() == IntOrString.class) {
                intOrString(child, model, component.getName());
            }
            walk(child, component.getGenericType());
        }
    }

    /** The generator leaves out the constraints of an int-or-string field: each applies to its own type. */
    private static void intOrString(JSONSchemaProps schema, Class<?> model, String name) {
        Field field;
        try {
            field = model.getDeclaredField(name);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(model + " has no field " + name, e);
        }
        Optional.ofNullable(field.getAnnotation(Pattern.class)).ifPresent(p -> schema.setPattern(p.value()));
        Optional.ofNullable(field.getAnnotation(Min.class)).ifPresent(m -> schema.setMinimum(m.value()));
        Optional.ofNullable(field.getAnnotation(Max.class)).ifPresent(m -> schema.setMaximum(m.value()));
        Optional.ofNullable(field.getAnnotation(Size.class)).ifPresent(size -> {
            schema.setMinLength(size.min() > 0 ? size.min() : null);
            schema.setMaxLength(size.max() < Long.MAX_VALUE ? size.max() : null);
        });
    }
}

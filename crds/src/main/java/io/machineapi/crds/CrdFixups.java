package io.machineapi.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crdv2.generator.CRDPostProcessor;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.CustomResource;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What fabric8's CRD generator (7.6) cannot express, applied as its post-processor so the output stays generated:
 * <ol>
 *   <li>Printer columns in the order they are declared on the class (the generator sorts them by name, and kubectl
 *       shows them in CRD order: OpenShift's MachineSet columns are Desired, Current, Ready, Available, Age).</li>
 *   <li>{@code @Pattern} on an int-or-string field (MachineHealthCheck {@code maxUnhealthy}): the generator drops
 *       it; a real API server applies it to the string form.</li>
 * </ol>
 */
final class CrdFixups implements CRDPostProcessor {
  private final Map<String, Class<? extends HasMetadata>> classesByCrdName;

  CrdFixups(List<Class<? extends HasMetadata>> kinds) {
    this.classesByCrdName = kinds.stream().collect(java.util.stream.Collectors.toMap(HasMetadata::getFullResourceName,
        k -> k));
  }

  @Override
  public HasMetadata process(HasMetadata crd, String crdSpecVersion) {
    if (!(crd instanceof CustomResourceDefinition definition)) {
      return crd;
    }
    Class<? extends HasMetadata> kind = classesByCrdName.get(definition.getMetadata().getName());
    if (kind == null) {
      return crd;
    }
    for (CustomResourceDefinitionVersion version : definition.getSpec().getVersions()) {
      orderPrinterColumnsAsDeclared(kind, version);
      JSONSchemaProps root = version.getSchema().getOpenAPIV3Schema();
      for (Type part : customResourceTypeArguments(kind)) {
        String property = part == typeArgument(kind, 0) ? "spec" : "status";
        if (part instanceof Class<?> partClass && root.getProperties().containsKey(property)) {
          addIntOrStringPatterns(partClass, root.getProperties().get(property));
        }
      }
    }
    return crd;
  }

  private static void orderPrinterColumnsAsDeclared(Class<?> kind, CustomResourceDefinitionVersion version) {
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    List<CustomResourceColumnDefinition> columns = version.getAdditionalPrinterColumns();
    if (columns != null) {
      columns.sort(Comparator.comparingInt(c -> declared.indexOf(c.getName())));
    }
  }

  private static void addIntOrStringPatterns(Class<?> type, JSONSchemaProps schema) {
    if (schema == null || schema.getProperties() == null) {
      return;
    }
    for (Field field : type.getDeclaredFields()) {
      if (Modifier.isStatic(field.getModifiers())) {
        continue;
      }
      JSONSchemaProps property = schema.getProperties().get(field.getName());
      if (property == null) {
        continue;
      }
      Pattern pattern = field.getAnnotation(Pattern.class);
      if (pattern != null && field.getType() == IntOrString.class) {
        property.setPattern(pattern.value());
      } else if (isProjectType(field.getType())) {
        addIntOrStringPatterns(field.getType(), property);
      } else if (List.class.isAssignableFrom(field.getType())
          && field.getGenericType() instanceof ParameterizedType list
          && list.getActualTypeArguments()[0] instanceof Class<?> item && isProjectType(item)) {
        addIntOrStringPatterns(item, property.getItems().getSchema());
      }
    }
  }

  private static boolean isProjectType(Class<?> type) {
    return type.getPackageName().startsWith("io.machineapi.");
  }

  private static Type[] customResourceTypeArguments(Class<?> kind) {
    return ((ParameterizedType) kind.getGenericSuperclass()).getActualTypeArguments();
  }

  private static Type typeArgument(Class<?> kind, int index) {
    if (!CustomResource.class.isAssignableFrom(kind)) {
      throw new IllegalArgumentException(kind + " is not a CustomResource");
    }
    return customResourceTypeArguments(kind)[index];
  }
}

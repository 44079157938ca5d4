package io.credwatch.source;

/**
 * A Resource Manager Activity Log record ({@code operationName} naming a provider operation, as
 * {@code Microsoft.Storage/storageAccounts/listKeys/action}), exported or from the REST API, where
 * the name is an object with a {@code value}.
 */
final class AzureActivityShape implements Shape {
  private static final ShapeKey OPERATION_NAME_KEY = ShapeKey.of("operationName");
  private static final SniffField OPERATION_NAME = SniffField.vocabulary("operationName");
  private static final SniffField OPERATION_NAME_VALUE =
      SniffField.vocabulary("operationName.value");

  private final AzureActivityParser azureActivity;

  AzureActivityShape(AzureActivityParser azureActivity) {
    this.azureActivity = azureActivity;
  }

  private static String operation(Sniff sniff) {
    return sniff.has(OPERATION_NAME) ? sniff.get(OPERATION_NAME) : sniff.get(OPERATION_NAME_VALUE);
  }

  @Override
  public long requiredKeys() {
    return ShapeKey.mask(OPERATION_NAME_KEY);
  }

  @Override
  public boolean matches(Sniff sniff) {
    return operation(sniff).contains("/");
  }

  @Override
  public void read(RecordSpan record) {
    String operation = operation(record.sniff());
    if (OperationCatalog.armOperation(operation).isEmpty()) {
      record.notCredential("arm", operation);
      return;
    }
    record.parse(azureActivity::parseActivityLog);
  }
}

package io.credwatch.azure;

import com.microsoft.azure.functions.OutputBinding;
import org.jspecify.annotations.Nullable;

/** An output binding's value, as the Functions host keeps it until the function returns. */
final class Binding<T> implements OutputBinding<T> {
  private @Nullable T value;

  @Override
  public @Nullable T getValue() {
    return value;
  }

  @Override
  public void setValue(@Nullable T value) {
    this.value = value;
  }
}

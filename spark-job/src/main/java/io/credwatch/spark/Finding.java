package io.credwatch.spark;

import java.io.Serializable;

/**
 * One alert as the job's rows carry it: where it was found, the alert document, its OCSF finding,
 * and the Security Lake partition it belongs to. A bean, so that Spark can encode it.
 */
public final class Finding implements Serializable {
  private static final long serialVersionUID = 1L;

  private String file = "";
  private long index;
  private String document = "";
  private String ocsf = "";
  private String region = "";
  private String accountId = "";
  private String eventDay = "";

  public String getFile() {
    return file;
  }

  public void setFile(String file) {
    this.file = file;
  }

  public long getIndex() {
    return index;
  }

  public void setIndex(long index) {
    this.index = index;
  }

  public String getDocument() {
    return document;
  }

  public void setDocument(String document) {
    this.document = document;
  }

  public String getOcsf() {
    return ocsf;
  }

  public void setOcsf(String ocsf) {
    this.ocsf = ocsf;
  }

  public String getRegion() {
    return region;
  }

  public void setRegion(String region) {
    this.region = region;
  }

  public String getAccountId() {
    return accountId;
  }

  public void setAccountId(String accountId) {
    this.accountId = accountId;
  }

  public String getEventDay() {
    return eventDay;
  }

  public void setEventDay(String eventDay) {
    this.eventDay = eventDay;
  }
}
